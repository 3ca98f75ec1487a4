// Converts the alarm engine's journal events, KPI report and flood status into the API's wire types (`@zld/api`), times as ISO-8601 UTC.
import type { AlarmEvent, FloodStatus, KpiReport } from '@zld/alarms';
import type { AlarmFloodDto, AlarmJournalEntryDto, AlarmKpiDto } from '@zld/api';

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

/** The KPI report with its epoch-ms times as ISO-8601 UTC (the wire pins only its outline). */
export function toKpiDto(r: KpiReport): AlarmKpiDto {
  const held = (h: KpiReport['standing'][number]) => ({ ...h, since: iso(h.since) });
  return {
    from: iso(r.from),
    to: iso(r.to),
    rates: r.rates,
    flood: Object.fromEntries(
      Object.entries(r.flood).map(([position, f]) => [
        position,
        {
          ...f,
          floods: f.floods.map((s) => ({ start: iso(s.start), end: iso(s.end), peak: s.peak })),
        },
      ]),
    ),
    priorities: r.priorities,
    badActors: { ...r.badActors },
    chattering: r.chattering.map((c) => ({ ...c })),
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
