// Store-and-forward in front of a historian: points wait on disk until the store acknowledges them.
import { randomUUID } from 'node:crypto';
import type { Clock } from '@zld/tags';
import type {
  Historian,
  HistorianHealth,
  HistoryPoint,
  HistoryQuery,
  HistorySeries,
} from './historian.js';
import { isTransient } from './historian.js';
import { assertPoint } from './identifiers.js';
import { Outbox } from './outbox.js';
import type { Lane, OutboxRow, QuarantinedBatch } from './outbox.js';
import { realTimers } from './timers.js';
import type { Timers } from './timers.js';

export interface StoreAndForwardOptions {
  /** The final store (InfluxDB in production). */
  sink: Historian;
  /** The buffer file, e.g. `<data dir>/historian-buffer.sqlite`. */
  path: string;
  clock: Clock;
  timers?: Timers;
  /** Forwarding period. Default 200 ms. */
  intervalMs?: number;
  /** Live points sent per period (arrival order). Default 1000. */
  batchSize?: number;
  /** Backfill points sent per period: the replay rate limit. Default 1000 (5000 points/s at 200 ms). */
  replayBatchSize?: number;
  /** A batch refused this many times is quarantined. Default 5. */
  maxAttempts?: number;
  /** Wait after a failed attempt, doubling up to maxRetryDelayMs. Defaults 500 ms and 5 s. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Size bound in points; on overflow the oldest points are dropped and counted. Default 1 000 000. */
  maxRecords?: number;
  /** Age bound: points buffered longer are dropped and counted. Default 7 days. */
  maxAgeMs?: number;
  /** Fill fraction at which `fillHigh` is raised (and an event fires). Default 0.8. */
  fillWarn?: number;
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
  backfillBacklog: number;
  /** backlog / maxRecords. */
  fill: number;
  fillHigh: boolean;
  droppedOverflow: number;
  droppedAge: number;
  quarantined: number;
  forwarded: number;
  batches: number;
  lastForwardMs: number;
  maxForwardMs: number;
  outage: boolean;
  lastError: string | null;
}

/** What one forwarding step did. */
export interface StepReport {
  live: number;
  backfill: number;
  failed: boolean;
}

/**
 * Forwarding rules:
 * - a point leaves the buffer only after the sink acknowledged it (a write that resolved);
 * - two lanes, each sent in arrival order: live points, and backfill (every point waiting when a write
 *   fails for want of the store, points arriving during the outage, and all points found at open). Each period sends live points
 *   first, then at most `replayBatchSize` backfill points, so live latency stays near one period during a
 *   replay. A live point can therefore reach the store before older backfill points of its tag; points
 *   are keyed by their original timestamp, so the stored series is in order all the same;
 * - a transient failure (store unreachable) is retried without limit and starts an outage; a refusal
 *   counts an attempt on the batch, which is quarantined after `maxAttempts`;
 * - replays are idempotent: each point keeps its key (tag, original time, sequence number);
 * - backfill points are written with `backfill: true`;
 * - overflow policy: past `maxRecords` the oldest points are dropped; past `maxAgeMs` too. Every drop is
 *   counted and reported.
 */
export class StoreAndForward implements Historian {
  readonly outbox: Outbox;
  private readonly sink: Historian;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly o: Required<
    Omit<StoreAndForwardOptions, 'sink' | 'path' | 'clock' | 'timers' | 'onEvent' | 'synchronous'>
  >;
  private readonly onEvent: (e: ForwarderEvent) => void;
  private outage = false;
  private fillHigh = false;
  private nextAttemptAt = 0;
  private retryDelay: number;
  private timer: unknown = null;
  private step: Promise<StepReport> | null = null;
  private lastError: string | null = null;
  private readonly s = { forwarded: 0, batches: 0, lastForwardMs: 0, maxForwardMs: 0 };

  constructor(opts: StoreAndForwardOptions) {
    this.sink = opts.sink;
    this.clock = opts.clock;
    this.timers = opts.timers ?? realTimers;
    this.onEvent = opts.onEvent ?? (() => undefined);
    this.o = {
      intervalMs: opts.intervalMs ?? 200,
      batchSize: opts.batchSize ?? 1000,
      replayBatchSize: opts.replayBatchSize ?? 1000,
      maxAttempts: opts.maxAttempts ?? 5,
      retryDelayMs: opts.retryDelayMs ?? 500,
      maxRetryDelayMs: opts.maxRetryDelayMs ?? 5000,
      maxRecords: opts.maxRecords ?? 1_000_000,
      maxAgeMs: opts.maxAgeMs ?? 7 * 24 * 3600_000,
      fillWarn: opts.fillWarn ?? 0.8,
    };
    this.retryDelay = this.o.retryDelayMs;
    this.outbox = new Outbox({
      path: opts.path,
      maxRecords: this.o.maxRecords,
      ...(opts.synchronous ? { synchronous: opts.synchronous } : {}),
    });
    // Whatever survived a stop or a crash is replayed as backfill.
    this.outbox.toBackfill();
    this.checkFill();
  }

  /** Buffers points on disk; resolves once they are committed. Unstorable points are refused here. */
  async write(points: readonly HistoryPoint[]): Promise<void> {
    if (points.length === 0) return;
    points.forEach(assertPoint);
    const lane: Lane = this.outage ? 'backfill' : 'live';
    const dropped = this.outbox.append(points, this.clock.now(), lane);
    if (dropped > 0) this.onEvent({ type: 'dropped', reason: 'overflow', count: dropped });
    this.checkFill();
  }

  /** Answers from the final store (points still buffered are not included). */
  query(q: HistoryQuery): Promise<HistorySeries[]> {
    return this.sink.query(q);
  }

  /** The highest sequence numbers seen here or in the store. */
  async lastSeqs(): Promise<Record<string, number>> {
    const mine = this.outbox.lastSeqs();
    const theirs = await this.sink.lastSeqs().catch(() => ({}) as Record<string, number>);
    for (const [tag, seq] of Object.entries(theirs)) mine[tag] = Math.max(mine[tag] ?? 0, seq);
    return mine;
  }

  health(): HistorianHealth {
    const sink = this.sink.health();
    const backlog = this.outbox.size();
    const state = this.outage || sink.state !== 'ok' || this.fillHigh ? 'degraded' : 'ok';
    const notes = [
      this.outage ? `store unreachable, buffering (${backlog} points)` : '',
      this.fillHigh ? `buffer ${Math.round(this.fill() * 100)}% full` : '',
      this.outbox.quarantineSize() > 0 ? `${this.outbox.quarantineSize()} points quarantined` : '',
    ].filter((s) => s !== '');
    return {
      backend: `${sink.backend} via store-and-forward`,
      state,
      backlog,
      ...(notes.length > 0 ? { message: notes.join('; ') } : {}),
    };
  }

  stats(): ForwarderStats {
    return {
      ...this.s,
      backlog: this.outbox.size(),
      backfillBacklog: this.outbox.laneSize('backfill'),
      fill: this.fill(),
      fillHigh: this.fillHigh,
      droppedOverflow: this.outbox.counter('dropped_overflow'),
      droppedAge: this.outbox.counter('dropped_age'),
      quarantined: this.outbox.quarantineSize(),
      outage: this.outage,
      lastError: this.lastError,
    };
  }

  /** Starts forwarding every intervalMs. */
  start(): void {
    if (this.timer !== null) return;
    const loop = (): void => {
      this.timer = this.timers.setTimeout(() => {
        this.forward()
          .catch(() => undefined)
          .finally(() => {
            if (this.timer !== null) loop();
          });
      }, this.o.intervalMs);
    };
    loop();
  }

  /** Stops forwarding (waiting for a step in progress); buffered points stay on disk. */
  async stop(): Promise<void> {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    await this.step?.catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.stop();
    this.outbox.close();
    await this.sink.close();
  }

  /** One forwarding step (what the timer runs): expire, then a live batch, then a rate-limited backfill batch. */
  forward(): Promise<StepReport> {
    this.step ??= this.forwardOnce().finally(() => {
      this.step = null;
    });
    return this.step;
  }

  /** Ignores the retry delay once, e.g. when a test or an operator knows the store is back. */
  retryNow(): void {
    this.nextAttemptAt = 0;
  }

  listQuarantine(): QuarantinedBatch[] {
    return this.outbox.listQuarantine();
  }

  /** Re-queues quarantined points (one batch, or all) for another round of attempts. */
  retryQuarantine(batch?: string): number {
    const n = this.outbox.retryQuarantine(batch);
    this.checkFill();
    return n;
  }

  /** Quarantined points as JSON Lines, one `{batch, error, quarantinedAt, attempts, point}` per line. */
  exportQuarantine(batch?: string): string {
    return this.outbox
      .listQuarantine()
      .filter((b) => batch === undefined || b.batch === batch)
      .flatMap((b) =>
        b.points.map((point) =>
          JSON.stringify({
            batch: b.batch,
            error: b.error,
            quarantinedAt: b.quarantinedAt,
            attempts: b.attempts,
            point,
          }),
        ),
      )
      .map((line) => `${line}\n`)
      .join('');
  }

  discardQuarantine(batch?: string): number {
    return this.outbox.discardQuarantine(batch);
  }

  private async forwardOnce(): Promise<StepReport> {
    const now = this.clock.now();
    const expired = this.outbox.expire(now - this.o.maxAgeMs);
    if (expired > 0) this.onEvent({ type: 'dropped', reason: 'age', count: expired });
    const report: StepReport = { live: 0, backfill: 0, failed: false };
    if (now < this.nextAttemptAt) return report;
    const live = this.outbox.take('live', this.o.batchSize);
    if (live.length > 0) {
      if (!(await this.send(live, false))) return { ...report, failed: true };
      report.live = live.length;
    }
    const backfill = this.outbox.take('backfill', this.o.replayBatchSize);
    if (backfill.length > 0) {
      if (!(await this.send(backfill, true))) return { ...report, failed: true };
      report.backfill = backfill.length;
    }
    this.checkFill();
    return report;
  }

  /** Sends one batch; answers whether the sink acknowledged it. */
  private async send(rows: OutboxRow[], backfill: boolean): Promise<boolean> {
    const ids = rows.map((r) => r.id);
    const points = rows.map((r) => (backfill ? { ...r.point, backfill: true } : r.point));
    const t0 = performance.now();
    try {
      await this.sink.write(points);
    } catch (err) {
      this.failed(ids, err);
      return false;
    }
    const ms = performance.now() - t0;
    this.outbox.remove(ids);
    this.s.forwarded += rows.length;
    this.s.batches++;
    this.s.lastForwardMs = ms;
    this.s.maxForwardMs = Math.max(this.s.maxForwardMs, ms);
    this.retryDelay = this.o.retryDelayMs;
    this.lastError = null;
    if (this.outage) {
      this.outage = false;
      this.onEvent({ type: 'recovered' });
    }
    return true;
  }

  private failed(ids: number[], err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.lastError = message;
    const now = this.clock.now();
    this.nextAttemptAt = now + this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, this.o.maxRetryDelayMs);
    if (isTransient(err)) {
      // Everything waiting is backlog now; only points arriving after recovery are live.
      this.outbox.toBackfill();
      if (!this.outage) {
        this.outage = true;
        this.onEvent({ type: 'outage', error: message });
      }
      return;
    }
    const attempts = this.outbox.refused(ids, message);
    if (attempts >= this.o.maxAttempts) {
      const batch = `${new Date(now).toISOString()}-${randomUUID().slice(0, 8)}`;
      this.outbox.quarantine(ids, batch, message, now);
      this.onEvent({ type: 'quarantined', batch, count: ids.length, error: message });
      this.nextAttemptAt = 0;
      this.retryDelay = this.o.retryDelayMs;
    }
  }

  private fill(): number {
    return this.outbox.size() / this.o.maxRecords;
  }

  private checkFill(): void {
    const fill = this.fill();
    if (!this.fillHigh && fill >= this.o.fillWarn) {
      this.fillHigh = true;
      this.onEvent({ type: 'fill-high', fill });
    } else if (this.fillHigh && fill < this.o.fillWarn) {
      this.fillHigh = false;
      this.onEvent({ type: 'fill-normal', fill });
    }
  }
}
