// The loaded plant: the validated file plus lookups and the flattened alarm list that everything else uses.
import type {
  AreaDef,
  Condition,
  DiscreteAlarmDef,
  EquipmentDef,
  InterlockDef,
  LimitAlarmDef,
  LoopDef,
  PlantFile,
  PlcDef,
  Priority,
  RateAlarmDef,
  TagDef,
  WaterBalanceDef,
} from './schema.js';
import { ALARM_TYPES, LIMIT_TYPES } from './constants.js';
import type { PlantIssue } from './issues.js';

export { ALARM_TYPES, LIMIT_TYPES };
export type LimitType = (typeof LIMIT_TYPES)[number];
export type AlarmType = (typeof ALARM_TYPES)[number];

/** ISA-18.2 priorities mapped to OPC UA severities (1-1000). */
export const SEVERITY: Readonly<Record<Priority, number>> = {
  critical: 900,
  high: 700,
  medium: 500,
  low: 300,
};

/** One alarm of the master alarm database, with defaults applied. */
export interface AlarmDef {
  /** `LIC-402.HH`, `LSH-902.DISCRETE`, or a direct alarm's id. */
  id: string;
  /** The tag the alarm watches (for direct alarms, the first tag of the condition). */
  tag: string;
  type: AlarmType;
  priority: Priority;
  severity: number;
  message: string;
  /** Limit alarms: the limit, in the tag's engineering units. ROC: units per minute. */
  limit?: number;
  deadband: number;
  /** Discrete alarms: the abnormal value. */
  activeWhen?: boolean | number;
  /** Direct alarms: the condition. */
  when?: Condition;
  onDelayS: number;
  offDelayS: number;
  reAlarmS?: number;
  latched: boolean;
  firstOutGroup?: string;
  suppressWhen?: Condition;
  cause: string;
  consequence: string;
  action: string;
  responseTimeS: number;
  class: string;
  rationale: string;
  approver: string;
  /** `two-person`: limit changes and removal from service need a second user's approval. */
  approval?: 'two-person';
}

/** The plant's two-person approval settings, defaults applied. */
export interface ApprovalSettings {
  /** How long a request waits for its second user, seconds. */
  timeLimitS: number;
  /** Whether shelving an alarm marked for approval needs it too. */
  shelving: boolean;
}

/** The default time limit of a two-person approval: 5 minutes. */
export const DEFAULT_APPROVAL_TIME_LIMIT_S = 300;

export interface Plant {
  readonly file: PlantFile;
  /** What the loader accepted but warns about (lint), with path and line like its errors. */
  readonly warnings: readonly PlantIssue[];
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly plcs: readonly PlcDef[];
  readonly areas: readonly AreaDef[];
  readonly equipment: readonly EquipmentDef[];
  readonly tags: readonly TagDef[];
  readonly loops: readonly LoopDef[];
  readonly interlocks: readonly InterlockDef[];
  /** The ZLD water balance, when the plant has one. */
  readonly waterBalance: WaterBalanceDef | undefined;
  readonly alarms: readonly AlarmDef[];
  /** Two-person approval settings (the file's `approvals`, defaults applied). */
  readonly approvals: ApprovalSettings;
  readonly plcById: ReadonlyMap<string, PlcDef>;
  readonly areaById: ReadonlyMap<string, AreaDef>;
  readonly equipmentById: ReadonlyMap<string, EquipmentDef>;
  readonly tagByName: ReadonlyMap<string, TagDef>;
  readonly alarmById: ReadonlyMap<string, AlarmDef>;
  /** Tags of one PLC, in file order. */
  tagsOfPlc(plcId: string): TagDef[];
  /** A tag that must exist; throws otherwise. */
  tag(name: string): TagDef;
}

/** Builds the lookups. The file must already be validated. */
export function buildPlant(file: PlantFile, warnings: readonly PlantIssue[] = []): Plant {
  const tagByName = new Map(file.tags.map((t) => [t.name, t] as const));
  const alarms = flattenAlarms(file);
  return {
    file,
    warnings,
    id: file.plant.id,
    name: file.plant.name,
    version: file.plant.version,
    plcs: file.plcs,
    areas: file.areas,
    equipment: file.equipment,
    tags: file.tags,
    loops: file.loops,
    interlocks: file.interlocks,
    waterBalance: file.waterBalance,
    alarms,
    approvals: {
      timeLimitS: file.approvals?.timeLimitS ?? DEFAULT_APPROVAL_TIME_LIMIT_S,
      shelving: file.approvals?.shelving ?? false,
    },
    plcById: new Map(file.plcs.map((p) => [p.id, p] as const)),
    areaById: new Map(file.areas.map((a) => [a.id, a] as const)),
    equipmentById: new Map(file.equipment.map((e) => [e.id, e] as const)),
    tagByName,
    alarmById: new Map(alarms.map((a) => [a.id, a] as const)),
    tagsOfPlc: (plcId) => file.tags.filter((t) => t.plc === plcId),
    tag: (name) => {
      const t = tagByName.get(name);
      if (!t) throw new Error(`unknown tag ${name}`);
      return t;
    },
  };
}

const LIMIT_WORDS: Record<LimitType, string> = {
  LL: 'LOW LOW',
  L: 'LOW',
  H: 'HIGH',
  HH: 'HIGH HIGH',
};

function flattenAlarms(file: PlantFile): AlarmDef[] {
  const d = file.alarmDefaults;
  const out: AlarmDef[] = [];
  const common = (
    a: LimitAlarmDef | RateAlarmDef | DiscreteAlarmDef,
    tag: TagDef,
    type: AlarmType,
    fallbackMessage: string,
  ) => ({
    id: `${tag.name}.${type}`,
    tag: tag.name,
    type,
    priority: a.priority,
    severity: SEVERITY[a.priority],
    message: a.message ?? fallbackMessage,
    onDelayS: a.onDelayS,
    offDelayS: a.offDelayS,
    ...(a.reAlarmS !== undefined ? { reAlarmS: a.reAlarmS } : {}),
    latched: a.latched,
    ...(a.firstOutGroup !== undefined ? { firstOutGroup: a.firstOutGroup } : {}),
    ...(a.suppressWhen !== undefined ? { suppressWhen: a.suppressWhen } : {}),
    cause: a.cause,
    consequence: a.consequence,
    action: a.action,
    responseTimeS: a.responseTimeS ?? d.responseTimeS[a.priority] ?? 600,
    class: a.class ?? d.class,
    rationale: a.rationale ?? d.rationale,
    approver: a.approver ?? d.approver,
    ...(a.approval !== undefined ? { approval: a.approval } : {}),
  });
  for (const tag of file.tags) {
    const al = tag.alarms;
    if (!al) continue;
    for (const type of LIMIT_TYPES) {
      const a = al[type];
      if (!a) continue;
      out.push({
        ...common(a, tag, type, `${tag.description} ${LIMIT_WORDS[type]}`),
        limit: a.limit,
        deadband: a.deadband,
      });
    }
    if (al.ROC) {
      out.push({
        ...common(al.ROC, tag, 'ROC', `${tag.description} RATE OF CHANGE HIGH`),
        limit: al.ROC.limitPerMin,
        deadband: 0,
      });
    }
    if (al.DISCRETE) {
      const label = tag.states?.[String(Number(al.DISCRETE.activeWhen))];
      out.push({
        ...common(
          al.DISCRETE,
          tag,
          'DISCRETE',
          `${tag.description} ${label ?? String(al.DISCRETE.activeWhen)}`.toUpperCase(),
        ),
        activeWhen: al.DISCRETE.activeWhen,
        deadband: 0,
      });
    }
  }
  for (const da of file.waterBalance?.directAlarms ?? []) {
    out.push({
      id: da.id,
      tag: firstTag(da.when) ?? '',
      type: 'DIRECT',
      priority: da.priority,
      severity: SEVERITY[da.priority],
      message: da.message,
      when: da.when,
      deadband: 0,
      onDelayS: 0,
      offDelayS: 0,
      latched: false,
      cause: da.cause,
      consequence: da.consequence,
      action: da.action,
      responseTimeS: d.responseTimeS[da.priority] ?? 60,
      class: d.class,
      rationale: d.rationale,
      approver: d.approver,
      ...(da.approval !== undefined ? { approval: da.approval } : {}),
    });
  }
  return out;
}

/** Every tag a condition reads. */
export function conditionTags(c: Condition): string[] {
  if ('tag' in c) return [c.tag];
  if ('any' in c) return c.any.flatMap(conditionTags);
  if ('all' in c) return c.all.flatMap(conditionTags);
  return [];
}

function firstTag(c: Condition): string | undefined {
  return conditionTags(c)[0];
}
