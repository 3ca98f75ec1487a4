// Pure: the messages between the embedded historian and its worker, and a batch of points as columns in one transferable buffer.
import { STATUS_CODES, type Quality } from '@zld/tags';
import type { HistoryPoint, HistoryQuery, HistorySeries } from './historian.js';
import { HistorianError, HistorianInputError } from './historian.js';
import { assertTagName, assertTime, storableValue } from './identifiers.js';

/** Every quality name, by index (the same list on both sides of the worker). */
export const QUALITY_NAMES = Object.keys(STATUS_CODES) as Quality[];
const QUALITY_INDEX = new Map<string, number>(QUALITY_NAMES.map((q, i) => [q, i]));
if (QUALITY_NAMES.length > 256) throw new Error('quality index does not fit a byte');

const FROM_SOURCE = 1;
const BACKFILL = 2;

/** A batch of points as columns: four float64 columns, the tag index (uint32), quality and flags (uint8). */
export interface EncodedBatch {
  /** Tag names new since the previous batch, in the order of their indexes. */
  names: string[];
  count: number;
  buffer: ArrayBuffer;
}

/** The columns of an encoded batch, read in place. */
export interface BatchColumns {
  count: number;
  ts: Float64Array;
  seq: Float64Array;
  /** NaN: null. */
  value: Float64Array;
  gatewayTs: Float64Array;
  tag: Uint32Array;
  quality: Uint8Array;
  flags: Uint8Array;
}

const BYTES_PER_POINT = 4 * 8 + 4 + 1 + 1;

/** Views onto a batch buffer of `count` points. */
export function columnsOf(buffer: ArrayBuffer, count: number): BatchColumns {
  const f64 = (i: number) => new Float64Array(buffer, i * 8 * count, count);
  return {
    count,
    ts: f64(0),
    seq: f64(1),
    value: f64(2),
    gatewayTs: f64(3),
    tag: new Uint32Array(buffer, 32 * count, count),
    quality: new Uint8Array(buffer, 36 * count, count),
    flags: new Uint8Array(buffer, 37 * count, count),
  };
}

/**
 * The main thread's side: checks every point (as `assertPoint` does, each tag name once) and encodes it.
 * Holds the tag-name table; names new in a batch travel with it, so batches must reach the worker in
 * the order they were encoded.
 */
export class BatchEncoder {
  private readonly index = new Map<string, number>();

  encode(points: readonly HistoryPoint[]): EncodedBatch {
    const n = points.length;
    const buffer = new ArrayBuffer(n * BYTES_PER_POINT);
    const c = columnsOf(buffer, n);
    const added = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const p = points[i]!;
      let tag = this.index.get(p.name) ?? added.get(p.name);
      if (tag === undefined) {
        tag = this.index.size + added.size;
        added.set(assertTagName(p.name), tag);
      }
      const quality = typeof p.quality === 'string' ? QUALITY_INDEX.get(p.quality) : undefined;
      if (quality === undefined)
        throw new HistorianInputError(`invalid quality ${JSON.stringify(p.quality)}`);
      if (p.tsOrigin !== 'source' && p.tsOrigin !== 'gateway')
        throw new HistorianInputError(`invalid tsOrigin ${JSON.stringify(p.tsOrigin)}`);
      if (!Number.isSafeInteger(p.seq) || p.seq < 1)
        throw new HistorianInputError(`invalid seq ${JSON.stringify(p.seq)}`);
      c.ts[i] = assertTime(p.ts, 'timestamp');
      c.gatewayTs[i] = assertTime(p.gatewayTs, 'gateway timestamp');
      c.seq[i] = p.seq;
      c.value[i] = storableValue(p.value) ?? NaN;
      c.tag[i] = tag;
      c.quality[i] = quality;
      c.flags[i] = (p.tsOrigin === 'source' ? FROM_SOURCE : 0) | (p.backfill ? BACKFILL : 0);
    }
    for (const [name, i] of added) this.index.set(name, i);
    return { names: [...added.keys()], count: n, buffer };
  }
}

/** Row `i` of a batch as a point (`names`: the worker's copy of the tag-name table). */
export function pointAt(c: BatchColumns, i: number, names: readonly string[]): HistoryPoint {
  const v = c.value[i]!;
  const flags = c.flags[i]!;
  return {
    name: names[c.tag[i]!]!,
    value: Number.isNaN(v) ? null : v,
    quality: QUALITY_NAMES[c.quality[i]!]!,
    ts: c.ts[i]!,
    gatewayTs: c.gatewayTs[i]!,
    tsOrigin: flags & FROM_SOURCE ? 'source' : 'gateway',
    seq: c.seq[i]!,
    backfill: (flags & BACKFILL) !== 0,
  };
}

/** What the worker is given when it starts. */
export interface WorkerSettings {
  path: string;
  queryRollups: boolean;
  /** How often open rollup intervals that changed are written (ms). */
  openFlushMs: number;
  /** When the stage is merged into `samples`: rows, age (ms); the store's defaults when absent. */
  mergeRows?: number;
  mergeAgeMs?: number;
}

export type WorkerRequest =
  | { id: number; type: 'write'; batch: EncodedBatch }
  | { id: number; type: 'query'; query: HistoryQuery }
  | { id: number; type: 'lastSeqs' }
  | { id: number; type: 'flushOpen' }
  | { id: number; type: 'close' };

/** What each request answers. */
export interface WorkerAnswers {
  write: null;
  query: HistorySeries[];
  lastSeqs: Record<string, number>;
  flushOpen: number;
  close: null;
}

/** A failure as it crosses the thread boundary. */
export interface WireError {
  message: string;
  transient: boolean;
  input: boolean;
}

/** Id 0 answers the start (the database opened, or why not). `ms`: time the worker spent on the request. */
export type WorkerReply =
  | { id: number; ok: true; value: unknown; ms: number }
  | { id: number; ok: false; error: WireError; ms: number };

export function toWire(err: unknown): WireError {
  return {
    message: err instanceof Error ? err.message : String(err),
    transient: err instanceof HistorianError && err.transient,
    input: err instanceof HistorianInputError,
  };
}

export function fromWire(e: WireError): HistorianError {
  return e.input ? new HistorianInputError(e.message) : new HistorianError(e.message, e.transient);
}
