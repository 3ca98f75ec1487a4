// Plant-time durations in scenario files: a number of seconds, or text such as `90s`, `10m`, `1h30m`, `2d`.

const UNIT_S: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 };
const PART = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)/gy;

/** Seconds, or null when the text is not a duration. */
export function parseDurationS(input: unknown): number | null {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : null;
  if (typeof input !== 'string') return null;
  const text = input.trim();
  if (text === '') return null;
  let total = 0;
  PART.lastIndex = 0;
  let end = 0;
  for (let m = PART.exec(text); m !== null; m = PART.exec(text)) {
    total += Number(m[1]) * UNIT_S[m[2]!]!;
    end = PART.lastIndex;
    while (text[end] === ' ') end++;
    PART.lastIndex = end;
  }
  return end === text.length ? total : null;
}

/** A plant-time offset for people: `1h 05m 20s`, `45.5s`. */
export function formatPlantTime(s: number): string {
  if (s < 60) return `${Number(s.toFixed(1))}s`;
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.round(s % 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return [d > 0 ? `${d}d` : '', d > 0 || h > 0 ? `${h}h` : '', `${pad(m)}m`, `${pad(sec)}s`]
    .filter(Boolean)
    .join(' ');
}
