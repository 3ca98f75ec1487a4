// Trend time windows: presets relative to now (live follow) or absolute [from, to]; pan and zoom as pure maths.
import { DAY, HOUR, MINUTE } from './time.js';

export const PRESETS = [
  { id: '10m', label: '10 min', ms: 10 * MINUTE },
  { id: '1h', label: '1 h', ms: HOUR },
  { id: '8h', label: '8 h', ms: 8 * HOUR },
  { id: '24h', label: '24 h', ms: DAY },
  { id: '7d', label: '7 d', ms: 7 * DAY },
  { id: '30d', label: '30 d', ms: 30 * DAY },
] as const;
export type PresetId = (typeof PRESETS)[number]['id'];

export type TimeWindow =
  /** The last `preset` up to now; `live` keeps following new values. */
  | { kind: 'preset'; preset: PresetId; live: boolean }
  | { kind: 'absolute'; from: number; to: number };

export function presetMs(id: PresetId): number {
  return PRESETS.find((p) => p.id === id)!.ms;
}

export function isPresetId(s: string): s is PresetId {
  return PRESETS.some((p) => p.id === s);
}

/** The window as [from, to] epoch ms at time `now`. */
export function resolveWindow(w: TimeWindow, now: number): { from: number; to: number } {
  if (w.kind === 'absolute') return { from: w.from, to: w.to };
  return { from: now - presetMs(w.preset), to: now };
}

/** Shifts the window by `fraction` of its span (negative = earlier); a preset becomes absolute. */
export function pan(w: TimeWindow, fraction: number, now: number): TimeWindow {
  const { from, to } = resolveWindow(w, now);
  const d = Math.round((to - from) * fraction);
  return { kind: 'absolute', from: from + d, to: to + d };
}

/** Zooms to [a, b] (any order); a span below `minMs` is widened around its centre. */
export function zoomTo(a: number, b: number, minMs = 10_000): TimeWindow {
  let from = Math.min(a, b);
  let to = Math.max(a, b);
  if (to - from < minMs) {
    const c = (from + to) / 2;
    from = Math.round(c - minMs / 2);
    to = Math.round(c + minMs / 2);
  }
  return { kind: 'absolute', from, to };
}

/** Zooms out by `factor` around the centre. */
export function zoomOut(w: TimeWindow, factor: number, now: number): TimeWindow {
  const { from, to } = resolveWindow(w, now);
  const c = (from + to) / 2;
  const half = ((to - from) * factor) / 2;
  return { kind: 'absolute', from: Math.round(c - half), to: Math.round(c + half) };
}

/** How many points to ask the historian for: about one per horizontal pixel, within [50, 2000]. */
export function maxPointsFor(widthPx: number): number {
  return Math.max(50, Math.min(2000, Math.round(widthPx)));
}

/** Time shifts for "compare with an earlier period". */
export const SHIFTS = [
  { id: '1h', label: '1 h earlier', ms: HOUR },
  { id: '1d', label: '1 day earlier', ms: DAY },
  { id: '7d', label: '1 week earlier', ms: 7 * DAY },
  { id: '30d', label: '30 days earlier', ms: 30 * DAY },
] as const;
export type ShiftId = (typeof SHIFTS)[number]['id'];
export function shiftMs(id: ShiftId): number {
  return SHIFTS.find((s) => s.id === id)!.ms;
}
export function isShiftId(s: string): s is ShiftId {
  return SHIFTS.some((x) => x.id === s);
}
