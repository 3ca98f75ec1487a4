// Renders history as CSV (RFC 4180, CRLF): a header row, then one row per raw point or bucket per tag, in chunks (pure).
import type { HistorySeries } from '@zld/historian';
import type { TagDef } from '@zld/plant';
import { severityOf } from '@zld/tags';
import { valueOf } from './history-dto.js';

/**
 * Raw point rows fill `value` (count 1, bad 0 or 1); bucket rows fill min, mean, max and last (the
 * bucket's last non-null value), with the bucket's worst quality, its sample count and Bad count.
 */
export const CSV_COLUMNS = [
  'tag',
  'time',
  'value',
  'min',
  'mean',
  'max',
  'last',
  'quality',
  'count',
  'bad',
] as const;

const EOL = '\r\n';

/** A field, quoted when it holds a comma, quote or line break (tag names and qualities never do). */
export function csvField(v: string | number | boolean | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const row = (fields: (string | number | boolean | null)[]): string =>
  fields.map(csvField).join(',') + EOL;

/** The rows of one series, in time order. */
export function* seriesRows(s: HistorySeries, def: TagDef | undefined): Generator<string> {
  const iso = (ms: number) => new Date(ms).toISOString();
  if (s.mode === 'raw') {
    for (const p of s.points) {
      const bad = severityOf(p.quality) === 'Bad' ? 1 : 0;
      yield row([
        s.name,
        iso(p.ts),
        valueOf(def, p.value),
        null,
        null,
        null,
        null,
        p.quality,
        1,
        bad,
      ]);
    }
    return;
  }
  for (const b of s.buckets)
    yield row([s.name, iso(b.t), null, b.min, b.mean, b.max, b.last, b.quality, b.count, b.bad]);
}

/** The whole document in chunks of about `rowsPerChunk` rows: header first, then each series in turn. */
export function* csvChunks(
  series: readonly HistorySeries[],
  defOf: (name: string) => TagDef | undefined,
  rowsPerChunk = 1000,
): Generator<string> {
  let chunk = CSV_COLUMNS.join(',') + EOL;
  let n = 0;
  for (const s of series) {
    for (const r of seriesRows(s, defOf(s.name))) {
      chunk += r;
      if (++n >= rowsPerChunk) {
        yield chunk;
        chunk = '';
        n = 0;
      }
    }
  }
  if (chunk !== '') yield chunk;
}
