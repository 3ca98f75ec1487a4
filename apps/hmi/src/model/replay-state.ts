// The plant as it was at a replay cursor: tag values from history, alarm states from the journal.
import type { AlarmJournalEntryDto, Quality } from '@zld/api';
import { indexAt, type Series } from './history-series.js';
import type { AlarmView } from './plant-views.js';
import { toMs } from './time.js';

export interface ValueAt {
  value: number | null;
  quality: Quality;
  /** The time of the sample the value comes from. */
  ts: number;
}

/**
 * The value of a series at `t`: the `last` of the latest sample (raw point or bucket) at or before `t`.
 * With nothing before `t`, or a sample older than `maxAgeMs`, the value is unknown (`Bad_NoCommunication`
 * for a gap: the HMI does not know the plant then).
 */
export function valueAt(series: Series | undefined, t: number, maxAgeMs: number): ValueAt | null {
  if (!series) return null;
  const i = indexAt(series.samples, t);
  if (i < 0) return null;
  const s = series.samples[i]!;
  const span = series.bucketMs ?? 0;
  if (t - (s.t + span) > maxAgeMs) return { value: null, quality: 'Bad_NoCommunication', ts: s.t };
  const quality: Quality = s.quality ?? 'Good';
  if (s.last === null) {
    return {
      value: null,
      quality: quality.startsWith('Bad') ? quality : 'Bad_NoCommunication',
      ts: s.t,
    };
  }
  return { value: s.last, quality, ts: s.t };
}

/** The journal ordered for replay: by time, then by sequence number. */
export function sortJournal(entries: readonly AlarmJournalEntryDto[]): AlarmJournalEntryDto[] {
  return [...entries].sort((a, b) => toMs(a.ts) - toMs(b.ts) || a.seq - b.seq);
}

/** What the alarm list looked like at `t`: per alarm, the state after its last change at or before `t`. */
export function alarmsAt(
  journal: readonly AlarmJournalEntryDto[],
  t: number,
  messageOf: (alarmId: string) => string | undefined = () => undefined,
): AlarmView[] {
  const last = new Map<string, AlarmJournalEntryDto>();
  const activeSince = new Map<string, number>();
  for (const e of journal) {
    const ts = toMs(e.ts);
    if (ts > t) break;
    last.set(e.alarmId, e);
    const active = e.flags.active;
    if (active && !activeSince.has(e.alarmId)) activeSince.set(e.alarmId, ts);
    if (!active && e.to !== 'Shelved' && e.to !== 'Suppressed' && e.to !== 'Out-of-service') {
      activeSince.delete(e.alarmId);
    }
  }
  const out: AlarmView[] = [];
  for (const e of last.values()) {
    if (e.to === 'Normal') continue;
    const { active, acked } = e.flags;
    const since = activeSince.get(e.alarmId);
    out.push({
      id: e.alarmId,
      tag: e.tag,
      message: e.message ?? messageOf(e.alarmId) ?? e.alarmId,
      priority: e.priority,
      state: e.to,
      active,
      acked,
      annunciated: e.to !== 'Shelved' && e.to !== 'Suppressed' && e.to !== 'Out-of-service',
      activeSince: since !== undefined ? new Date(since).toISOString() : null,
      lastChange: new Date(toMs(e.ts)).toISOString(),
      eventId: e.seq,
      value: e.value,
      quality: e.quality,
      ...(e.user !== null && e.kind === 'ack' ? { ackedBy: e.user } : {}),
    });
  }
  return out;
}

/** Entries of a timeline (journal or audit) within [from, to], for markers on the scrub bar. */
export function within<T extends { ts: string | number }>(
  xs: readonly T[],
  from: number,
  to: number,
): T[] {
  return xs.filter((x) => {
    const t = toMs(x.ts);
    return t >= from && t <= to;
  });
}
