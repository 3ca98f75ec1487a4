// The store-and-forward buffer's options, events and figures.
import type { Clock } from '@zld/tags';
import type { Historian } from './historian.js';
import type { Timers } from './timers.js';

export interface StoreAndForwardOptions {
  /** The final store (InfluxDB in production). */
  sink: Historian;
  /** The buffer file, e.g. `<data dir>/historian-buffer.sqlite`. */
  path: string;
  clock: Clock;
  timers?: Timers;
  /** How often an idle or failing buffer is looked at. Default 200 ms. */
  intervalMs?: number;
  /** Points per request when draining the buffer (one request at a time, back to back). Default 20 000. */
  drainBatchSize?: number;
  /** A batch refused this many times is quarantined. Default 5. */
  maxAttempts?: number;
  /** Wait after a failed attempt, doubling up to maxRetryDelayMs. Defaults 500 ms and 5 s. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Size bound in points; on overflow the oldest points are dropped and counted. Default 10 000 000. */
  maxRecords?: number;
  /** Age bound: points buffered longer are dropped and counted. Default 7 days. */
  maxAgeMs?: number;
  /** Fill fraction at which `fillHigh` is raised (and an event fires). Default 0.8. */
  fillWarn?: number;
  /**
   * A write going straight to the store that takes longer is buffered meanwhile, so that the recorder
   * is not held up by a slow store (its batch leaves the buffer if the store then takes it). Default 500.
   */
  spillAfterMs?: number;
  /** Buffer durability: FULL (default) or NORMAL. */
  synchronous?: 'FULL' | 'NORMAL';
  /** Told about fill alarms, every drop, quarantines, outages and recoveries. */
  onEvent?: (e: ForwarderEvent) => void;
}

export type ForwarderEvent =
  | { type: 'fill-high'; fill: number }
  | { type: 'fill-normal'; fill: number }
  | { type: 'dropped'; reason: 'overflow' | 'age'; count: number }
  | { type: 'quarantined'; batch: string; count: number; error: string }
  | { type: 'outage'; error: string }
  | { type: 'recovered' };

/** Plain numbers for the gateway's metrics. */
export interface ForwarderStats {
  backlog: number;
  /** The same as `backlog`: every buffered point reaches the store as backfill. */
  backfillBacklog: number;
  /** backlog / maxRecords. */
  fill: number;
  fillHigh: boolean;
  droppedOverflow: number;
  droppedAge: number;
  quarantined: number;
  /** Points written straight to the store (no buffer). */
  direct: number;
  /** Points sent from the buffer. */
  forwarded: number;
  batches: number;
  lastForwardMs: number;
  maxForwardMs: number;
  outage: boolean;
  lastError: string | null;
}

/** What one forwarding step did. */
export interface StepReport {
  /** Points sent from the buffer and acknowledged. */
  backfill: number;
  failed: boolean;
}
