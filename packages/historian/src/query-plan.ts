// Pure query planning shared by every backend: input checks, and the bucket width for a window.
import type { HistoryQuery } from './historian.js';
import { HistorianInputError } from './historian.js';
import { assertTagName, assertTime } from './identifiers.js';

export const MAX_TAGS_PER_QUERY = 64;
export const MAX_POINTS_LIMIT = 100_000;

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
/** Bucket widths a trend reads well at; past the last one, whole days. */
const NICE_WIDTHS = [
  1,
  2,
  5,
  10,
  20,
  50,
  100,
  200,
  500,
  S,
  2 * S,
  5 * S,
  10 * S,
  15 * S,
  30 * S,
  M,
  2 * M,
  5 * M,
  10 * M,
  15 * M,
  30 * M,
  H,
  2 * H,
  3 * H,
  6 * H,
  12 * H,
  D,
];

/** Checks a query from any caller; returns a copy with the tag list de-duplicated, order kept. */
export function checkQuery(q: HistoryQuery): HistoryQuery {
  if (typeof q !== 'object' || q === null || !Array.isArray(q.tags)) {
    throw new HistorianInputError('tags must be a list of tag names');
  }
  if (q.tags.length === 0 || q.tags.length > MAX_TAGS_PER_QUERY) {
    throw new HistorianInputError(`ask for 1 to ${MAX_TAGS_PER_QUERY} tags`);
  }
  const tags = [...new Set(q.tags.map(assertTagName))];
  const from = assertTime(q.from, 'from');
  const to = assertTime(q.to, 'to');
  if (to <= from) throw new HistorianInputError('to must be after from');
  const maxPoints = q.maxPoints;
  if (!Number.isSafeInteger(maxPoints) || maxPoints < 2 || maxPoints > MAX_POINTS_LIMIT) {
    throw new HistorianInputError(`maxPoints must be an integer from 2 to ${MAX_POINTS_LIMIT}`);
  }
  return { tags, from, to, maxPoints };
}

/**
 * The bucket width (ms) so that the epoch-aligned buckets touching [from, to) number at most maxPoints:
 * the smallest "nice" width at least (to - from) / (maxPoints - 1).
 */
export function bucketWidth(from: number, to: number, maxPoints: number): number {
  const least = Math.ceil((to - from) / (maxPoints - 1));
  const nice = NICE_WIDTHS.find((w) => w >= least);
  return nice ?? Math.ceil(least / D) * D;
}

/** Bucket start for a time, by integer division (times are never negative). */
export const bucketStart = (t: number, width: number): number => Math.floor(t / width) * width;
