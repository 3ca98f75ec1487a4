// Nuisance alarms from the journal (requirement 1.15): chattering (>= 3 activations within 60 s) and stale (> 24 h active).
import type { AlarmEvent } from './events.js';
import { durationOf, flagIntervals } from './intervals.js';
import { maxInWindow } from './windows.js';

export const CHATTER_WINDOW_MS = 60_000;
export const CHATTER_ACTIVATIONS = 3;
export const STALE_AFTER_MS = 24 * 3_600_000;

export interface ChatteringAlarm {
  alarmId: string;
  /** Activations in [from, to). */
  activations: number;
  /** The most activations within any 60 s. */
  maxInWindow: number;
}

/** Alarms with at least 3 activations (seen or not) within 60 s, most chattering first. */
export function chatteringAlarms(
  events: readonly AlarmEvent[],
  from: number,
  to: number,
  windowMs = CHATTER_WINDOW_MS,
  minActivations = CHATTER_ACTIVATIONS,
): ChatteringAlarm[] {
  const times = new Map<string, number[]>();
  for (const e of events) {
    if (e.kind !== 'activate' || e.ts < from || e.ts >= to) continue;
    const list = times.get(e.alarmId) ?? [];
    list.push(e.ts);
    times.set(e.alarmId, list);
  }
  const out: ChatteringAlarm[] = [];
  for (const [alarmId, list] of times) {
    list.sort((a, b) => a - b);
    const max = maxInWindow(list, windowMs, true);
    if (max >= minActivations) out.push({ alarmId, activations: list.length, maxInWindow: max });
  }
  return out.sort((a, b) => b.maxInWindow - a.maxInWindow || a.alarmId.localeCompare(b.alarmId));
}

export interface StaleAlarm {
  alarmId: string;
  since: number;
  /** False when the journal begins while the alarm was already active (so it is at least this old). */
  sinceKnown: boolean;
  /** null: still active at `to`. */
  until: number | null;
  durationMs: number;
}

/** Alarms active continuously for more than 24 h, in an interval that overlaps [from, to]. */
export function staleAlarms(
  events: readonly AlarmEvent[],
  from: number,
  to: number,
  thresholdMs = STALE_AFTER_MS,
): StaleAlarm[] {
  return flagIntervals(events, (f) => f.active, ['activate'], to)
    .filter((iv) => (iv.end ?? to) >= from && durationOf(iv, to) > thresholdMs)
    .map((iv) => ({
      alarmId: iv.alarmId,
      since: iv.start,
      sinceKnown: iv.startKnown,
      until: iv.end,
      durationMs: durationOf(iv, to),
    }))
    .sort((a, b) => b.durationMs - a.durationMs);
}
