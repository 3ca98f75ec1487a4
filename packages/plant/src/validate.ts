// Cross-reference checks the schema cannot express: names that must exist, registers used twice, limits out of order.
import type { IssuePath } from './issues.js';
import { LIMIT_TYPES } from './model.js';
import type { AddressedTag, AnyProtocolDefinition } from './protocol.js';
import type { RawIssue } from './check-context.js';
import type { Condition, PlantFile } from './schema.js';
import { validateBalance } from './validate-balance.js';

export type { CheckContext, RawIssue } from './check-context.js';

const INTEGER_TYPES = new Set(['int16', 'uint16', 'int32', 'uint32']);
const RAW_LIMITS: Record<string, [number, number]> = {
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};

/** Every cross-reference problem of a file whose PLCs the protocols resolved (`protocols` run their checks). */
export function validatePlant(
  f: PlantFile,
  protocols: readonly AnyProtocolDefinition[] = [],
): RawIssue[] {
  const issues: RawIssue[] = [];
  const add = (path: IssuePath, message: string) => issues.push({ path, message });

  const unique = <T>(
    list: readonly T[],
    key: (t: T) => string,
    base: string,
    field: string,
    what: string,
  ) => {
    const seen = new Map<string, number>();
    list.forEach((item, i) => {
      const k = key(item);
      const first = seen.get(k);
      if (first !== undefined)
        add([base, i, field], `duplicate ${what} "${k}" (first defined at ${base}[${first}])`);
      else seen.set(k, i);
    });
  };

  unique(f.plcs, (p) => p.id, 'plcs', 'id', 'PLC id');
  unique(f.areas, (a) => a.id, 'areas', 'id', 'area id');
  unique(f.equipment, (e) => e.id, 'equipment', 'id', 'equipment id');
  unique(f.tags, (t) => t.name, 'tags', 'name', 'tag name');
  unique(f.loops, (l) => l.id, 'loops', 'id', 'loop id');
  unique(f.interlocks, (l) => l.id, 'interlocks', 'id', 'interlock id');

  const areas = new Set(f.areas.map((a) => a.id));
  const plcs = new Map(f.plcs.map((p) => [p.id, p] as const));
  const equipment = new Map(f.equipment.map((e) => [e.id, e] as const));
  const tags = new Map(f.tags.map((t) => [t.name, t] as const));

  const needTag = (path: IssuePath, name: string | undefined, what = 'tag') => {
    if (name === undefined) return undefined;
    const t = tags.get(name);
    if (!t) add(path, `${what} "${name}" does not exist`);
    return t;
  };
  const needWritable = (path: IssuePath, name: string) => {
    const t = needTag(path, name);
    if (t && !t.writable) add(path, `tag "${name}" must be writable`);
    return t;
  };
  const checkCondition = (path: IssuePath, c: Condition) => {
    const walk = (p: IssuePath, c2: Condition): void => {
      if ('tag' in c2) {
        const t = needTag([...p, 'tag'], c2.tag);
        if (t && typeof c2.value === 'boolean' && t.dataType !== 'bool')
          add([...p, 'value'], `compares numeric tag "${c2.tag}" with a boolean`);
        if (t && typeof c2.value === 'number' && t.dataType === 'bool')
          add([...p, 'value'], `compares boolean tag "${c2.tag}" with a number`);
      } else if ('any' in c2) c2.any.forEach((s, i) => walk([...p, 'any', i], s));
      else if ('all' in c2) c2.all.forEach((s, i) => walk([...p, 'all', i], s));
    };
    walk(path, c);
  };

  // PLCs
  f.plcs.forEach((p, i) => {
    p.areas.forEach((a, j) => {
      if (!areas.has(a)) add(['plcs', i, 'areas', j], `area "${a}" does not exist`);
    });
    const clock = needTag(['plcs', i, 'clockTag'], p.clockTag, 'clock tag');
    if (clock?.dataType === 'bool')
      add(['plcs', i, 'clockTag'], `clock tag "${p.clockTag}" is a bool, not a number of seconds`);
    if (clock && clock.plc !== p.id)
      add(
        ['plcs', i, 'clockTag'],
        `clock tag "${p.clockTag}" belongs to ${clock.plc ?? 'no PLC'}, not ${p.id}`,
      );
    if (Object.keys(p.scanClasses).length === 0)
      add(['plcs', i, 'scanClasses'], 'at least one scan class is needed');
  });
  const byProtocol = new Map(protocols.map((p) => [p.id, p] as const));
  const endpoints = new Map<string, number>();
  const shared = new Map<string, { index: number; settings: string }>();
  f.plcs.forEach((p, i) => {
    const def = byProtocol.get(p.protocol);
    if (!def) return;
    const key = `${p.protocol} ${def.endpointKey(p.settings)}`;
    const first = endpoints.get(key);
    if (first !== undefined)
      add(['plcs', i], `same endpoint ${def.endpointKey(p.settings)} as plcs[${first}]`);
    else endpoints.set(key, i);
    const res = def.sharedResource?.(p.settings);
    const sharer = res && shared.get(`${p.protocol} ${res.key}`);
    if (res && !sharer)
      shared.set(`${p.protocol} ${res.key}`, { index: i, settings: res.settings });
    else if (res && sharer && sharer.settings !== res.settings)
      add(
        ['plcs', i],
        `${res.key} is shared with plcs[${sharer.index}], which gives it ${sharer.settings}; this PLC gives ${res.settings}`,
      );
  });

  // Tags
  const addressed = new Map<string, AddressedTag[]>();
  f.tags.forEach((t, i) => {
    const at = (...rest: (string | number)[]): IssuePath => ['tags', i, ...rest];
    if (!areas.has(t.area)) add(at('area'), `area "${t.area}" does not exist`);
    if (t.equipment !== undefined && !equipment.has(t.equipment))
      add(at('equipment'), `equipment "${t.equipment}" does not exist`);

    if (t.computed) {
      if (t.plc !== undefined) add(at('plc'), 'a computed tag has no PLC');
      if (t.address !== undefined) add(at('address'), 'a computed tag has no address');
      if (t.writable) add(at('writable'), 'a computed tag cannot be writable');
    } else {
      const p = t.plc === undefined ? undefined : plcs.get(t.plc);
      if (t.plc === undefined) add(at('plc'), 'a PLC tag needs "plc" (or set computed: true)');
      else if (!p) add(at('plc'), `PLC "${t.plc}" does not exist`);
      if (t.address === undefined) add(at('address'), 'a PLC tag needs an address');
      if (t.scanClass === undefined) add(at('scanClass'), 'a PLC tag needs a scan class');
      else if (p && !(t.scanClass in p.scanClasses))
        add(at('scanClass'), `scan class "${t.scanClass}" is not defined on ${p.id}`);
      if (p && t.address) {
        const list = addressed.get(p.id) ?? [];
        list.push({ tag: t, index: i, address: t.address });
        addressed.set(p.id, list);
      }
    }

    const [lo, hi] = t.range;
    if (!(lo < hi)) add(at('range'), `range low (${lo}) must be below range high (${hi})`);
    if (t.normal) {
      const [nlo, nhi] = t.normal;
      if (nlo > nhi) add(at('normal'), `normal low (${nlo}) is above normal high (${nhi})`);
      if (nlo < lo || nhi > hi)
        add(at('normal'), `normal range [${nlo}, ${nhi}] is outside the range [${lo}, ${hi}]`);
    }
    if (t.deadband >= hi - lo && lo < hi)
      add(at('deadband'), `deadband ${t.deadband} is not smaller than the span ${hi - lo}`);
    if (t.scaling) {
      if (!INTEGER_TYPES.has(t.dataType))
        add(at('scaling'), `scaling applies to integer registers, not ${t.dataType}`);
      const lim = RAW_LIMITS[t.dataType];
      if (lim && (Math.min(...t.scaling.raw) < lim[0] || Math.max(...t.scaling.raw) > lim[1]))
        add(
          at('scaling', 'raw'),
          `raw span [${t.scaling.raw.join(', ')}] does not fit ${t.dataType}`,
        );
    }
    if (t.states) {
      if (t.dataType === 'bool' && Object.keys(t.states).some((k) => k !== '0' && k !== '1'))
        add(at('states'), 'a bool has only the states 0 and 1');
    }

    // Writes
    if (!t.writable && t.write)
      add(at('write'), 'write limits given on a tag that is not writable');
    if (t.writable && t.dataType !== 'bool' && !t.states) {
      if (t.write?.min === undefined || t.write.max === undefined)
        add(at('write'), 'a writable analog tag needs write limits {min, max}');
      else {
        if (t.write.min > t.write.max)
          add(at('write', 'min'), `write min (${t.write.min}) is above write max (${t.write.max})`);
        if (t.write.min < lo || t.write.max > hi)
          add(
            at('write'),
            `write limits [${t.write.min}, ${t.write.max}] are outside the range [${lo}, ${hi}]`,
          );
      }
    }

    // Alarms
    const al = t.alarms;
    if (al) {
      const numeric = t.dataType !== 'bool';
      for (const type of LIMIT_TYPES) {
        const a = al[type];
        if (!a) continue;
        if (!numeric)
          add(at('alarms', type), `a limit alarm needs a numeric tag, ${t.name} is bool`);
        if (a.limit < lo || a.limit > hi)
          add(
            at('alarms', type, 'limit'),
            `alarm limit ${a.limit} is outside the range [${lo}, ${hi}]`,
          );
        if (a.deadband >= hi - lo && lo < hi)
          add(
            at('alarms', type, 'deadband'),
            `deadband ${a.deadband} is not smaller than the span`,
          );
        if (a.suppressWhen) checkCondition(at('alarms', type, 'suppressWhen'), a.suppressWhen);
      }
      const order: [keyof typeof al, keyof typeof al][] = [
        ['LL', 'L'],
        ['L', 'H'],
        ['H', 'HH'],
        ['LL', 'H'],
        ['LL', 'HH'],
        ['L', 'HH'],
      ];
      for (const [a, b] of order) {
        const x = al[a] as { limit: number } | undefined;
        const y = al[b] as { limit: number } | undefined;
        if (x && y && !(x.limit < y.limit))
          add(at('alarms', a, 'limit'), `${a} (${x.limit}) must be below ${b} (${y.limit})`);
      }
      if (al.ROC && !numeric)
        add(at('alarms', 'ROC'), 'a rate-of-change alarm needs a numeric tag');
      if (al.ROC?.suppressWhen)
        checkCondition(at('alarms', 'ROC', 'suppressWhen'), al.ROC.suppressWhen);
      if (al.DISCRETE) {
        const v = al.DISCRETE.activeWhen;
        if (t.dataType === 'bool' && typeof v !== 'boolean')
          add(at('alarms', 'DISCRETE', 'activeWhen'), 'a bool tag alarms on true or false');
        if (t.dataType !== 'bool' && typeof v === 'boolean')
          add(at('alarms', 'DISCRETE', 'activeWhen'), 'a numeric tag alarms on an integer state');
        if (al.DISCRETE.suppressWhen)
          checkCondition(at('alarms', 'DISCRETE', 'suppressWhen'), al.DISCRETE.suppressWhen);
      }
    }
  });

  // Equipment
  f.equipment.forEach((e, i) => {
    if (!areas.has(e.area)) add(['equipment', i, 'area'], `area "${e.area}" does not exist`);
    for (const k of ['levelTag', 'commandTag', 'stateTag', 'speedTag'] as const)
      needTag(['equipment', i, k], e[k]);
    if (e.commandTag) {
      const t = tags.get(e.commandTag);
      if (t && !t.writable)
        add(['equipment', i, 'commandTag'], `command tag "${e.commandTag}" must be writable`);
    }
    if (e.kind === 'tank' || e.kind === 'sump') {
      if (e.areaM2 === undefined)
        add(['equipment', i, 'areaM2'], `a ${e.kind} needs its area (m2)`);
      if (e.heightM === undefined)
        add(['equipment', i, 'heightM'], `a ${e.kind} needs its height (m)`);
    }
  });

  // Loops
  f.loops.forEach((l, i) => {
    needTag(['loops', i, 'pv'], l.pv);
    needWritable(['loops', i, 'sp'], l.sp);
    needWritable(['loops', i, 'out'], l.out);
    const mode = needWritable(['loops', i, 'mode'], l.mode);
    if (mode) {
      const labels = new Set(Object.values(mode.states ?? {}));
      l.modes.forEach((m, j) => {
        if (!labels.has(m))
          add(['loops', i, 'modes', j], `mode "${m}" is not a state of ${l.mode}`);
      });
    }
    if (!equipment.has(l.finalElement))
      add(['loops', i, 'finalElement'], `equipment "${l.finalElement}" does not exist`);
    if (l.cascadeFrom !== undefined) needTag(['loops', i, 'cascadeFrom'], l.cascadeFrom);
  });

  // Interlocks
  f.interlocks.forEach((il, i) => {
    checkCondition(['interlocks', i, 'when'], il.when);
    il.actions.forEach((a, j) => needTag(['interlocks', i, 'actions', j, 'tag'], a.tag));
    il.blocks.forEach((b, j) => needWritable(['interlocks', i, 'blocks', j, 'tag'], b.tag));
  });

  // Water balance
  if (f.waterBalance)
    validateBalance(f.waterBalance, {
      add,
      needTag,
      needWritable,
      checkCondition,
      equipment,
      tags,
    });

  // Every alarm priority has a response time
  for (const p of ['critical', 'high', 'medium', 'low'] as const) {
    if (f.alarmDefaults.responseTimeS[p] === undefined)
      add(['alarmDefaults', 'responseTimeS', p], `no response time for priority ${p}`);
  }

  // What each protocol checks of its PLCs' tags (registers used twice, a bool in a register...)
  const equipmentIds = new Set(equipment.keys());
  f.plcs.forEach((p, i) => {
    byProtocol.get(p.protocol)?.check?.({
      plc: p,
      plcIndex: i,
      settings: p.settings,
      tags: addressed.get(p.id) ?? [],
      equipment: equipmentIds,
      areas,
      add,
    });
  });
  return issues;
}
