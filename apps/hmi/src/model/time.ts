// Time helpers: ISO-8601 UTC or epoch ms in, epoch ms out; durations for people.

/** Epoch ms from an ISO-8601 string or a number (already ms); NaN when it is neither. */
export function toMs(t: string | number | null | undefined): number {
  if (typeof t === 'number') return t;
  if (typeof t === 'string' && t !== '') return Date.parse(t);
  return Number.NaN;
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A duration the way an operator reads it: "45 s", "12 min", "3 h 20 min", "2 d 4 h". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`;
}

/** "2024-05-01 13:04:05" in UTC (the plant's time base); with `withDate: false` only the time. */
export function formatTime(ms: number, withDate = true): string {
  if (!Number.isFinite(ms)) return '--';
  const iso = new Date(ms).toISOString();
  return withDate ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : iso.slice(11, 19);
}

/** Value for an `<input type="datetime-local">` (UTC) and back. */
export function toInputValue(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}
export function fromInputValue(s: string): number {
  return Date.parse(`${s}:00Z`);
}
