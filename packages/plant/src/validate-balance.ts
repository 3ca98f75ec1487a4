// The water balance's cross-references: its tags exist (and are computed or writable where they must be),
// tanks have their size, level tags read a unit the balance can turn into a volume.
import { LEVEL_UNITS } from './constants.js';
import type { IssuePath } from './issues.js';
import type { WaterBalanceDef } from './schema.js';
import type { CheckContext } from './check-context.js';

export function validateBalance(wb: WaterBalanceDef, ctx: CheckContext): void {
  const { add, needTag, needWritable, checkCondition, equipment } = ctx;
  const source = (path: IssuePath, s: { tag: string; percentTag?: string | undefined }) => {
    needTag([...path, 'tag'], s.tag);
    if (s.percentTag !== undefined) needTag([...path, 'percentTag'], s.percentTag);
  };
  wb.terms.forEach((t, i) => {
    t.sources.forEach((s, j) => source(['waterBalance', 'terms', i, 'sources', j], s));
    if (t.sources.length === 0 && t.constantKgH === undefined)
      add(['waterBalance', 'terms', i], 'a balance term needs sources or constantKgH');
  });
  const termIds = new Map<string, number>();
  wb.terms.forEach((t, i) => {
    if (termIds.has(t.id))
      add(['waterBalance', 'terms', i, 'id'], `duplicate balance term id "${t.id}"`);
    termIds.set(t.id, i);
  });
  if (!wb.terms.some((t) => t.kind === 'input'))
    add(['waterBalance', 'terms'], 'the balance has no input term');
  if (!wb.terms.some((t) => t.kind === 'discharge'))
    add(['waterBalance', 'terms'], 'the balance has no discharge term');
  wb.inventories.forEach((inv, i) => {
    const e = equipment.get(inv.tank);
    if (!e)
      add(['waterBalance', 'inventories', i, 'tank'], `equipment "${inv.tank}" does not exist`);
    else if (e.areaM2 === undefined || e.heightM === undefined)
      add(
        ['waterBalance', 'inventories', i, 'tank'],
        `"${inv.tank}" has no areaM2/heightM to turn level into volume`,
      );
    const level = needTag(['waterBalance', 'inventories', i, 'levelTag'], inv.levelTag);
    if (level && !(LEVEL_UNITS as readonly string[]).includes(level.unit))
      add(
        ['waterBalance', 'inventories', i, 'levelTag'],
        `level tag "${level.name}" is in "${level.unit}"; the balance reads ${LEVEL_UNITS.join(', ')}`,
      );
  });
  wb.processed.forEach((s, i) => source(['waterBalance', 'processed', i], s));
  wb.condensateRecovery.distillate.forEach((s, i) =>
    source(['waterBalance', 'condensateRecovery', 'distillate', i], s),
  );
  wb.condensateRecovery.evaporated.forEach((s, i) =>
    source(['waterBalance', 'condensateRecovery', 'evaporated', i], s),
  );
  if (wb.condensateRecovery.lowLowPct >= wb.condensateRecovery.lowPct)
    add(['waterBalance', 'condensateRecovery', 'lowLowPct'], 'low-low must be below low');
  const winIds = new Set<string>();
  wb.windows.forEach((w, i) => {
    if (winIds.has(w.id))
      add(['waterBalance', 'windows', i, 'id'], `duplicate window id "${w.id}"`);
    winIds.add(w.id);
    if (w.closurePct && w.closurePct.H >= w.closurePct.HH)
      add(
        ['waterBalance', 'windows', i, 'closurePct', 'H'],
        `H (${w.closurePct.H}) must be below HH (${w.closurePct.HH})`,
      );
    if (w.closurePct && !w.normaliseBy)
      add(
        ['waterBalance', 'windows', i, 'normaliseBy'],
        'a window with closure limits needs normaliseBy',
      );
  });
  for (const [k, name] of Object.entries(wb.computedTags)) {
    const t = needTag(['waterBalance', 'computedTags', k], name);
    if (t && !t.computed)
      add(['waterBalance', 'computedTags', k], `tag "${name}" must be a computed tag`);
  }
  const alarmIds = new Set<string>();
  wb.directAlarms.forEach((a, i) => {
    checkCondition(['waterBalance', 'directAlarms', i, 'when'], a.when);
    const dot = a.id.lastIndexOf('.');
    const owner = dot > 0 ? ctx.tags.get(a.id.slice(0, dot)) : undefined;
    const type = a.id.slice(dot + 1);
    if (alarmIds.has(a.id))
      add(['waterBalance', 'directAlarms', i, 'id'], `duplicate alarm id "${a.id}"`);
    else if (owner?.alarms && type in owner.alarms)
      add(
        ['waterBalance', 'directAlarms', i, 'id'],
        `alarm id "${a.id}" is the ${type} alarm of ${owner.name}`,
      );
    alarmIds.add(a.id);
  });
  wb.dischargePaths.forEach((d, i) => {
    if (d.meter !== undefined) needTag(['waterBalance', 'dischargePaths', i, 'meter'], d.meter);
    d.openedBy.forEach((o, j) =>
      needWritable(['waterBalance', 'dischargePaths', i, 'openedBy', j, 'tag'], o.tag),
    );
    d.openWhen.forEach((o, j) =>
      needTag(['waterBalance', 'dischargePaths', i, 'openWhen', j, 'tag'], o.tag),
    );
  });
}
