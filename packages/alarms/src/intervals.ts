// Rebuilds per-alarm time intervals (active, shelved, ...) from the flags every journal event carries.
import type { AlarmEvent, AlarmEventKind } from './events.js';
import type { AlarmFlags } from './state.js';

export interface FlagInterval {
  alarmId: string;
  start: number;
  /** False when the journal begins inside the interval: it started at or before `start`. */
  startKnown: boolean;
  /** null: still open at the end of the journal (or at `to`). */
  end: number | null;
  /** The user of the event that opened it (who shelved it, ...). */
  user: string | null;
}

/**
 * The intervals in which `holds(flags)` is true, per alarm, from events up to `to`. An interval is known to
 * start at its first event when that event's kind is in `startKinds` or an earlier event showed it off.
 */
export function flagIntervals(
  events: readonly AlarmEvent[],
  holds: (f: AlarmFlags) => boolean,
  startKinds: readonly AlarmEventKind[],
  to: number,
): FlagInterval[] {
  const sorted = events.filter((e) => e.ts <= to).sort((a, b) => a.seq - b.seq);
  const open = new Map<string, FlagInterval>();
  const seenOff = new Set<string>();
  const out: FlagInterval[] = [];
  for (const e of sorted) {
    const on = holds(e.flags);
    const cur = open.get(e.alarmId);
    if (on && !cur) {
      const iv: FlagInterval = {
        alarmId: e.alarmId,
        start: e.ts,
        startKnown: seenOff.has(e.alarmId) || startKinds.includes(e.kind),
        end: null,
        user: e.user ?? null,
      };
      open.set(e.alarmId, iv);
      out.push(iv);
    } else if (!on) {
      if (cur) {
        cur.end = e.ts;
        open.delete(e.alarmId);
      }
      seenOff.add(e.alarmId);
    }
  }
  return out;
}

/** Length of an interval, with an open one measured up to `to`. */
export function durationOf(iv: FlagInterval, to: number): number {
  return (iv.end ?? to) - iv.start;
}
