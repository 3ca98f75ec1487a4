// Reads a scenario file: YAML, the schema, then the plant (tags, alarms, balance windows exist); every problem at once, with lines.
import {
  findLine,
  formatPath,
  PlantDefinitionError,
  zodIssueMessage,
  zodIssuePath,
  type Plant,
  type PlantIssue,
} from '@zld/plant';
import { commAlarmId, readbackAlarmDefs, SYSTEM_ALARM_DEFS } from '@zld/gateway';
import { loadPlant } from '@zld/protocols';
import { PROTOCOL_FAULT_KINDS } from '@zld/simulators';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { scenarioFile, type ScenarioFile } from './schema.js';

type Path = readonly (string | number)[];

/** A scenario file with problems: every one with its path and line. */
export class ScenarioDefinitionError extends Error {
  constructor(
    readonly source: string,
    readonly issues: readonly PlantIssue[],
  ) {
    const lines = issues.map(
      (i) => `  - ${i.where}${i.line !== undefined ? ` (line ${i.line})` : ''}: ${i.message}`,
    );
    const n = issues.length;
    super(
      `Scenario ${source} is invalid (${n} problem${n === 1 ? '' : 's'}):\n${lines.join('\n')}`,
    );
    this.name = 'ScenarioDefinitionError';
  }
}

/** A scenario ready to run: its file, where it came from, and its plant. */
export interface Scenario {
  file: ScenarioFile;
  source: string;
  plant: Plant;
  /** Plant seconds played. */
  durationS: number;
}

export interface ParseScenarioOptions {
  /** Names the file in messages, and plant paths are relative to its folder. */
  source?: string;
  /** Plants already loaded, by resolved path or `pilot` (scenarios of one plant share it). */
  plants?: Map<string, Plant>;
}

export function loadScenario(
  file: string,
  options: Omit<ParseScenarioOptions, 'source'> = {},
): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read scenario ${file}: ${(err as Error).message}`, { cause: err });
  }
  return parseScenario(text, { ...options, source: file });
}

export function parseScenario(text: string, options: ParseScenarioOptions = {}): Scenario {
  const source = options.source ?? 'scenario';
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0)
    throw new ScenarioDefinitionError(
      source,
      doc.errors.map((e) => ({
        path: [],
        where: '(syntax)',
        message: e.message.split('\n')[0] ?? e.message,
        line: lc.linePos(e.pos[0]).line,
      })),
    );
  const raw: unknown = doc.toJS();
  const issue = (path: Path, message: string): PlantIssue => {
    const line = findLine(doc, lc, path);
    return { path, where: formatPath(path, raw), message, ...(line !== undefined ? { line } : {}) };
  };
  const parsed = scenarioFile.safeParse(raw);
  if (!parsed.success)
    throw new ScenarioDefinitionError(
      source,
      parsed.error.issues.map((i) => issue(zodIssuePath(i), zodIssueMessage(i))),
    );
  const file = parsed.data;
  let plant: Plant;
  try {
    plant = plantOf(file.plant, source, options.plants);
  } catch (err) {
    const message =
      err instanceof PlantDefinitionError ? err.message.split('\n')[0]! : (err as Error).message;
    throw new ScenarioDefinitionError(source, [issue(['plant'], message)]);
  }
  const problems = checkAgainstPlant(file, plant).map((p) => issue(p.path, p.message));
  if (problems.length > 0) throw new ScenarioDefinitionError(source, problems);
  return { file, source, plant, durationS: file.duration ?? lastTimeS(file) + 60 };
}

function plantOf(ref: string | undefined, source: string, cache?: Map<string, Plant>): Plant {
  const key = ref === undefined || ref === 'pilot' ? 'pilot' : resolve(dirname(source), ref);
  const known = cache?.get(key);
  if (known) return known;
  const plant = key === 'pilot' ? loadPlant() : loadPlant(key);
  cache?.set(key, plant);
  return plant;
}

/** The latest plant time a step or expectation names. */
export function lastTimeS(file: ScenarioFile): number {
  let t = 0;
  for (const s of file.steps ?? []) t = Math.max(t, s.at);
  for (const e of file.expect) {
    if ('alarm' in e || 'balanceQuality' in e) t = Math.max(t, (e.after ?? 0) + e.within);
    if ('during' in e && e.during) t = Math.max(t, e.during[1]);
    if ('at' in e && e.at !== undefined) t = Math.max(t, e.at);
    if ('throughout' in e && e.throughout) t = Math.max(t, e.throughout[1]);
    if ('over' in e && e.over) t = Math.max(t, e.over[1]);
  }
  return t;
}

interface Problem {
  path: Path;
  message: string;
}

function checkAgainstPlant(file: ScenarioFile, plant: Plant): Problem[] {
  const out: Problem[] = [];
  const sockets = file.engine === 'sockets';
  // The plant's alarms, the gateway's read-back alarms, and over the sockets its PLC communication and
  // system alarms (the headless engine has no drivers and no security).
  const alarmIds = new Set([
    ...plant.alarms.map((a) => a.id),
    ...readbackAlarmDefs(plant).map((a) => a.id),
    ...(sockets
      ? [...plant.plcs.map((p) => commAlarmId(p.id)), ...SYSTEM_ALARM_DEFS.map((a) => a.id)]
      : []),
  ]);
  const windows = new Set(plant.waterBalance?.windows.map((w) => w.id) ?? []);
  const alarm = (path: Path, id: string) => {
    if (!alarmIds.has(id)) out.push({ path, message: `no alarm ${id} in plant ${plant.id}` });
  };
  const tag = (path: Path, name: string) => {
    if (!plant.tagByName.has(name))
      out.push({ path, message: `no tag ${name} in plant ${plant.id}` });
  };
  const ordered = (path: Path, w: readonly [number, number] | undefined) => {
    if (w && !(w[0] < w[1])) out.push({ path, message: 'a window [from, to] with from before to' });
  };
  if (file.speed !== undefined && !sockets)
    out.push({
      path: ['speed'],
      message: 'speed goes with engine: sockets (headless runs as fast as it can)',
    });
  const names = new Set<string>();
  (file.steps ?? []).forEach((s, i) => {
    const p = ['steps', i] as const;
    if ('inject' in s && s.name !== undefined) {
      if (names.has(s.name))
        out.push({ path: [...p, 'name'], message: `name ${s.name} used twice` });
      names.add(s.name);
    }
    if ('inject' in s && PROTOCOL_FAULT_KINDS.includes(s.inject.kind as never) && !sockets)
      out.push({
        path: [...p, 'inject', 'kind'],
        message: `${s.inject.kind} is a protocol fault: it needs engine: sockets`,
      });
    if (
      'inject' in s &&
      s.inject.shape === 'ramp' &&
      (s.inject.ramp === undefined || s.inject.magnitude === undefined)
    )
      out.push({
        path: [...p, 'inject'],
        message: 'a ramp needs a magnitude and ramp (its length)',
      });
    if ('clear' in s && !names.has(s.clear))
      out.push({
        path: [...p, 'clear'],
        message: `no fault named ${s.clear} injected before this step`,
      });
    if ('write' in s) tag([...p, 'write', 'tag'], s.write.tag);
    if ('ack' in s) alarm([...p, 'ack'], s.ack);
    if ('shelve' in s) alarm([...p, 'shelve'], s.shelve);
    if ('setLimit' in s) alarm([...p, 'setLimit', 'alarm'], s.setLimit.alarm);
  });
  file.expect.forEach((e, i) => {
    const p = ['expect', i] as const;
    if ('alarm' in e) alarm([...p, 'alarm'], e.alarm);
    if ('noAlarm' in e) {
      (e.noAlarm.ids ?? []).forEach((id, k) => alarm([...p, 'noAlarm', 'ids', k], id));
      ordered([...p, 'during'], e.during);
    }
    if ('tag' in e) {
      tag([...p, 'tag'], e.tag);
      if ((e.at === undefined) === (e.throughout === undefined))
        out.push({ path: p, message: 'give at or throughout (one of them)' });
      if ((e.between === undefined) === (e.equals === undefined))
        out.push({ path: p, message: 'give between or equals (one of them)' });
      if (e.between && !(e.between[0] <= e.between[1]))
        out.push({ path: [...p, 'between'], message: 'between [lo, hi] with lo at most hi' });
      ordered([...p, 'throughout'], e.throughout);
    }
    if ('balance' in e) {
      if (!windows.has(e.balance))
        out.push({
          path: [...p, 'balance'],
          message: `no balance window ${e.balance} (${[...windows].join(', ') || 'the plant has no water balance'})`,
        });
      if ((e.at === undefined) === (e.over === undefined))
        out.push({ path: p, message: 'give at or over (one of them)' });
      ordered([...p, 'over'], e.over);
    }
  });
  if (file.duration !== undefined && lastTimeS(file) > file.duration)
    out.push({
      path: ['duration'],
      message: `shorter than the last step or expectation (${lastTimeS(file)} s)`,
    });
  return out;
}
