// The one historian shape: every backend (SQLite, InfluxDB, store-and-forward) writes and answers alike.
import type { Quality, TagValue } from '@zld/tags';

/** A sample as stored: a TagValue plus its per-tag sequence number and the backfill flag (requirement 4.8). */
export interface HistoryPoint extends TagValue {
  /** Per-tag sequence number, assigned once when the sample is accepted for storage; strictly increasing. */
  seq: number;
  /** True when the point reached the store through replay after an outage rather than live. */
  backfill: boolean;
}

export interface HistoryQuery {
  tags: readonly string[];
  /** Window start, epoch ms, inclusive. */
  from: number;
  /** Window end, epoch ms, exclusive. */
  to: number;
  /** Largest number of raw points or buckets wanted per tag (2 or more). */
  maxPoints: number;
}

/**
 * One time bucket. `t` is the bucket start (aligned to a multiple of the bucket width since the epoch).
 * min/mean/max/last cover the non-null values; `last` is the last non-null value in the bucket.
 * `quality` is the quality with the highest OPC UA status code in the bucket, so its severity is the
 * worst severity present; `count` is the number of samples and `bad` how many of them were Bad.
 */
export interface Bucket {
  t: number;
  min: number | null;
  mean: number | null;
  max: number | null;
  last: number | null;
  quality: Quality;
  count: number;
  bad: number;
}

export type HistorySeries =
  | { name: string; mode: 'raw'; points: HistoryPoint[] }
  | { name: string; mode: 'buckets'; bucketMs: number; buckets: Bucket[] };

export interface HistorianHealth {
  backend: string;
  state: 'ok' | 'degraded' | 'down';
  message?: string;
  /** Points accepted but not yet in the final store. */
  backlog: number;
}

export interface Historian {
  /** Stores points; resolves once they are durable in this historian (for store-and-forward: on disk). */
  write(points: readonly HistoryPoint[]): Promise<void>;
  /** Per tag, in the order asked: raw points when the window holds fewer than maxPoints, else buckets. */
  query(q: HistoryQuery): Promise<HistorySeries[]>;
  /** The highest sequence number stored per tag, to continue numbering after a restart. */
  lastSeqs(): Promise<Record<string, number>>;
  health(): HistorianHealth;
  close(): Promise<void>;
}

/** The bucket as the contract's tuple `[t, min, mean, max, last]`. */
export function bucketTuple(
  b: Bucket,
): [number, number | null, number | null, number | null, number | null] {
  return [b.t, b.min, b.mean, b.max, b.last];
}

/**
 * A failure to write or query. `transient` failures (store unreachable, timeouts) are retried without
 * limit; others (the store refused the data) count towards quarantine.
 */
export class HistorianError extends Error {
  readonly transient: boolean;
  constructor(message: string, transient: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HistorianError';
    this.transient = transient;
  }
}

/** Input that can never be stored or asked for (bad tag name, time, value): a caller's error, never retried. */
export class HistorianInputError extends HistorianError {
  constructor(message: string) {
    super(message, false);
    this.name = 'HistorianInputError';
  }
}

export const isTransient = (err: unknown): boolean =>
  err instanceof HistorianError && err.transient;
