// Alarm floods (requirement 1.14): more than N annunciated alarms per operator position in a sliding window.
import { annunciations, byPosition, ONE_POSITION, type PositionOf } from './annunciations.js';
import type { AlarmEvent } from './events.js';
import { maxInWindow, spansAbove, type Span } from './windows.js';

export interface FloodOptions {
  /** Sliding window, ms (default 10 min). */
  windowMs?: number;
  /** Flood when the count in the window exceeds this (default 10). */
  threshold?: number;
  positionOf?: PositionOf;
}

export const FLOOD_WINDOW_MS = 10 * 60_000;
export const FLOOD_THRESHOLD = 10;

export interface FloodResult {
  annunciations: number;
  /** The most annunciations in any one window. */
  peakInWindow: number;
  floods: Span[];
  timeInFloodMs: number;
  /** Percent of [from, to) spent in flood. */
  pctTimeInFlood: number;
}

/** Flood analysis of [from, to) per operator position. */
export function floodReport(
  events: readonly AlarmEvent[],
  from: number,
  to: number,
  opts: FloodOptions = {},
): Record<string, FloodResult> {
  const windowMs = opts.windowMs ?? FLOOD_WINDOW_MS;
  const threshold = opts.threshold ?? FLOOD_THRESHOLD;
  // alarms in the window before `from` still count at `from`
  const seen = annunciations(events, from - windowMs, to);
  const out: Record<string, FloodResult> = {};
  for (const [position, list] of byPosition(seen, opts.positionOf ?? ONE_POSITION)) {
    const times = list.map((e) => e.ts);
    const floods = spansAbove(times, windowMs, threshold, from, to);
    const timeInFloodMs = floods.reduce((s, f) => s + (f.end - f.start), 0);
    out[position] = {
      annunciations: times.filter((t) => t >= from).length,
      peakInWindow: maxInWindow(
        times.filter((t) => t >= from),
        windowMs,
      ),
      floods,
      timeInFloodMs,
      pctTimeInFlood: to > from ? (100 * timeInFloodMs) / (to - from) : 0,
    };
  }
  return out;
}

export interface FloodStatus {
  /** Annunciations in the window ending now. */
  count: number;
  inFlood: boolean;
}

/** The live flood state at `now` per operator position (for a banner). */
export function floodStatus(
  events: readonly AlarmEvent[],
  now: number,
  opts: FloodOptions = {},
): Record<string, FloodStatus> {
  const windowMs = opts.windowMs ?? FLOOD_WINDOW_MS;
  const threshold = opts.threshold ?? FLOOD_THRESHOLD;
  const out: Record<string, FloodStatus> = {};
  const recent = annunciations(events, now - windowMs + 1, now + 1);
  for (const [position, list] of byPosition(recent, opts.positionOf ?? ONE_POSITION)) {
    out[position] = { count: list.length, inFlood: list.length > threshold };
  }
  return out;
}
