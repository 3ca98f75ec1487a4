// Pure: which rollup widths an InfluxDB retention allows, and the SELECT … INTO statements that recompute rollups.
import { HistorianError } from './historian.js';
import type { InfluxTarget } from './influx-url.js';
import { aggregateStatements } from './influxql.js';
import { RAW, ROLLUP_WIDTHS, intervalStarts, ranges, timesByTag } from './rollup-plan.js';

const HOUR = 3_600_000;
const UNIT_MS: Record<string, number> = { h: HOUR, d: 24 * HOUR, w: 7 * 24 * HOUR };

/** A retention duration in ms (`INF`: Infinity). */
export function retentionMs(retention: string): number {
  const m = /^(\d+)([hdw])$/.exec(retention);
  return m ? Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? NaN) : Infinity;
}

/** A duration as SHOW RETENTION POLICIES gives it, e.g. `720h0m0s` (`0s`: Infinity); null if unreadable. */
export function durationMs(shown: unknown): number | null {
  const m = typeof shown === 'string' ? /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(shown) : null;
  if (!m || shown === '') return null;
  const ms = (Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000;
  return ms === 0 ? Infinity : ms;
}

/**
 * The rollup widths kept under a retention: those at most 1/24 of it. InfluxDB refuses points older than
 * the retention, and a rollup point carries its interval's start, so a wide rollup would be refused while
 * the newer samples it covers are still kept; with this margin only buckets at the retention horizon
 * can differ from the raw answer. (The 1/24 is a GUESS.)
 */
export function rollupWidthsFor(keep: number): number[] {
  return ROLLUP_WIDTHS.filter((w) => w * 24 <= keep);
}

/** Untouched intervals between two touched ones that are recomputed rather than split (GUESS). */
const JOIN_GAP = 10;
/**
 * Tags per statement and statements per request: InfluxDB spends time per series and field, so these
 * keep a request of many tags within the request timeout (GUESS).
 */
export const TAGS_PER_STATEMENT = 100;
const STATEMENTS_PER_REQUEST = 10;

/**
 * The statements that recompute, from the stored samples, every rollup interval holding one of these
 * points: finest width first (each width is computed from the one before), tags with the same touched
 * ranges sharing a statement. Recomputing rather than adding makes replays exact.
 */
export function refreshStatements(
  t: InfluxTarget,
  widths: readonly number[],
  points: readonly { name: string; ts: number }[],
): string[] {
  const out: string[] = [];
  let touched = timesByTag(points);
  let lower = RAW;
  for (const width of widths) {
    const next = new Map<string, number[]>();
    const groups = new Map<string, { from: number; to: number; tags: string[] }>();
    for (const [tag, times] of touched) {
      const starts = intervalStarts(times, width);
      next.set(tag, starts);
      for (const [from, to] of ranges(starts, width, JOIN_GAP)) {
        const key = `${from}-${to}`;
        const group = groups.get(key);
        if (group) group.tags.push(tag);
        else groups.set(key, { from, to, tags: [tag] });
      }
    }
    for (const g of groups.values()) {
      for (let i = 0; i < g.tags.length; i += TAGS_PER_STATEMENT) {
        const tags = g.tags.slice(i, i + TAGS_PER_STATEMENT);
        out.push(
          ...aggregateStatements(t, { ...g, tags, width: lower, groupMs: width, into: width }),
        );
      }
    }
    touched = next;
    lower = width;
  }
  return out;
}

/**
 * The statements that recompute the rollups of `widths` of every tag in [from, to) (aligned to the
 * widest), the first from `lower` (the raw samples, or the width just finer than the first).
 */
export function rebuildStatements(
  t: InfluxTarget,
  widths: readonly number[],
  from: number,
  to: number,
  lower = RAW,
): string[] {
  return widths.flatMap((width, i) =>
    aggregateStatements(t, {
      width: i === 0 ? lower : (widths[i - 1] ?? RAW),
      tags: null,
      from,
      to,
      groupMs: width,
      into: width,
    }),
  );
}

/** A rollup point refused as older than the retention policy: its samples are being dropped as well. */
const BEYOND_RETENTION = /points beyond retention policy/;

/**
 * Runs rollup statements in order, several per request. InfluxDB stops at a failed statement (and
 * reports a failed first statement only as "not executed"): from there on the request's statements run
 * one per request, passing over rollup points refused as older than the retention policy; any other
 * failure is thrown.
 */
export async function runRollupStatements(
  request: (stmts: string[]) => Promise<{ error?: string }[]>,
  stmts: readonly string[],
): Promise<void> {
  for (let i = 0; i < stmts.length; i += STATEMENTS_PER_REQUEST) {
    const chunk = stmts.slice(i, i + STATEMENTS_PER_REQUEST);
    const results = await request(chunk);
    const failed = results.findIndex((r) => r.error !== undefined);
    for (const stmt of chunk.slice(failed >= 0 ? failed : results.length)) {
      const [r] = await request([stmt]);
      if (r?.error !== undefined && !BEYOND_RETENTION.test(r.error)) {
        throw new HistorianError(`InfluxDB: ${r.error}`, false);
      }
    }
  }
}
