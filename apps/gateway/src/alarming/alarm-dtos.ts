// The alarm API's payloads beyond the alarm object itself: journal entries and the KPI report, with times as ISO-8601 UTC.
import type {
  AlarmEvent,
  AlarmEventKind,
  AlarmFlags,
  FloodResult,
  FloodStatus,
  IsaState,
  KpiReport,
  PublicAlarm,
} from '@zld/alarms';
import type { Priority } from '@zld/plant';
import type { Quality, Value } from '@zld/tags';

/** `GET /api/alarms` items and `alarms` socket event payload items: the engine's public alarm object. */
export type AlarmDto = PublicAlarm;

/** One state change of `GET /api/alarms/journal`. */
export interface AlarmJournalEntryDto {
  seq: number;
  /** ISO-8601 UTC (gateway clock: plant time when following the PLCs). */
  ts: string;
  alarmId: string;
  tag: string;
  priority: Priority;
  kind: AlarmEventKind;
  from: IsaState;
  to: IsaState;
  flags: AlarmFlags;
  value: Value;
  quality: Quality;
  /** Who caused it (null for changes the process caused). */
  user: string | null;
  /** The operator's comment or reason. */
  comment: string | null;
  /** The alarm's message as defined now (null for an id the plant file no longer defines), so a
   * journal or a replay can name alarms that are not standing. */
  message: string | null;
}

/** `GET /api/alarms/flood`: the sliding 10-minute count per operator position. */
export interface AlarmFloodDto {
  ts: string;
  positions: Record<string, FloodStatus>;
  inFlood: boolean;
}

interface SpanDto {
  start: string;
  end: string;
  peak: number;
}

type FloodResultDto = Omit<FloodResult, 'floods'> & { floods: SpanDto[] };

interface HeldDto {
  alarmId: string;
  since: string;
  sinceKnown: boolean;
  durationMs: number;
  user: string | null;
}

/** `GET /api/alarms/kpi`: `KpiReport` of `@zld/alarms` with its epoch-ms times as ISO-8601 UTC. */
export type AlarmKpiDto = Omit<
  KpiReport,
  'from' | 'to' | 'flood' | 'stale' | 'standing' | 'shelved'
> & {
  from: string;
  to: string;
  flood: Record<string, FloodResultDto>;
  stale: {
    alarmId: string;
    since: string;
    sinceKnown: boolean;
    until: string | null;
    durationMs: number;
  }[];
  standing: HeldDto[];
  shelved: HeldDto[];
};

const iso = (t: number): string => new Date(t).toISOString();

export function toJournalEntryDto(e: AlarmEvent, message: string | null): AlarmJournalEntryDto {
  return {
    seq: e.seq,
    ts: iso(e.ts),
    alarmId: e.alarmId,
    tag: e.tag,
    priority: e.priority,
    kind: e.kind,
    from: e.from,
    to: e.to,
    flags: e.flags,
    value: e.value,
    quality: e.quality,
    user: e.user ?? null,
    comment: e.comment ?? null,
    message,
  };
}

export function toKpiDto(r: KpiReport): AlarmKpiDto {
  const held = (h: KpiReport['standing'][number]): HeldDto => ({ ...h, since: iso(h.since) });
  return {
    ...r,
    from: iso(r.from),
    to: iso(r.to),
    flood: Object.fromEntries(
      Object.entries(r.flood).map(([position, f]) => [
        position,
        {
          ...f,
          floods: f.floods.map((s) => ({ start: iso(s.start), end: iso(s.end), peak: s.peak })),
        },
      ]),
    ),
    stale: r.stale.map((s) => ({
      ...s,
      since: iso(s.since),
      until: s.until === null ? null : iso(s.until),
    })),
    standing: r.standing.map(held),
    shelved: r.shelved.map(held),
  };
}

export function toFloodDto(positions: Record<string, FloodStatus>, now: number): AlarmFloodDto {
  return {
    ts: iso(now),
    positions,
    inFlood: Object.values(positions).some((p) => p.inFlood),
  };
}
