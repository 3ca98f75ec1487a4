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
import type { QuarantinedBatch } from './outbox.js';
import { realTimers, within } from './timers.js';
import type { Timers } from './timers.js';
import type {
  ForwarderEvent,
  ForwarderStats,
  StepReport,
  StoreAndForwardOptions,
} from './store-and-forward-types.js';

export type {
  ForwarderEvent,
  ForwarderStats,
  StepReport,
  StoreAndForwardOptions,
} from './store-and-forward-types.js';

/**
 * Forwarding rules:
 * - while the buffer is empty and the store answers, a write goes straight to the store and resolves
 *   when it acknowledged (no disk on the way: the rate is what the store takes); one not acknowledged
 *   within `spillAfterMs` is buffered meanwhile (the drain waits for it; acknowledged, it leaves the
 *   buffer), so a slow store never holds the writer up;
 * - a write the store does not take (unreachable, refused) is put in the buffer, and while the buffer
 *   holds anything every write is appended behind it: the buffer is drained oldest first, in requests of
 *   `drainBatchSize` points back to back, as fast as the store acknowledges them, so the stored history
 *   catches up at the store's full rate and no point overtakes an older one;
 * - a point leaves the buffer only after the store acknowledged its batch; points sent from the buffer
 *   are written with `backfill: true`;
 * - a transient failure (store unreachable) is retried without limit and starts an outage; a refusal
 *   counts an attempt on the batches, which are quarantined after `maxAttempts`;
 * - replays are idempotent: each point keeps its key (tag, original time, sequence number);
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
  private running = false;
  /** After several stored batches were refused together: send them one by one to find the culprit. */
  private isolate = false;
  /** Direct writes still in flight whose batch was buffered meanwhile: the drain waits for them. */
  private spilled = 0;
  private readonly s = { direct: 0, forwarded: 0, batches: 0, lastForwardMs: 0, maxForwardMs: 0 };

  constructor(opts: StoreAndForwardOptions) {
    this.sink = opts.sink;
    this.clock = opts.clock;
    this.timers = opts.timers ?? realTimers;
    this.onEvent = opts.onEvent ?? (() => undefined);
    this.o = {
      intervalMs: opts.intervalMs ?? 200,
      drainBatchSize: opts.drainBatchSize ?? 20_000,
      maxAttempts: opts.maxAttempts ?? 5,
      retryDelayMs: opts.retryDelayMs ?? 500,
      maxRetryDelayMs: opts.maxRetryDelayMs ?? 5000,
      maxRecords: opts.maxRecords ?? 10_000_000,
      maxAgeMs: opts.maxAgeMs ?? 7 * 24 * 3600_000,
      fillWarn: opts.fillWarn ?? 0.8,
      spillAfterMs: opts.spillAfterMs ?? 500,
    };
    this.retryDelay = this.o.retryDelayMs;
    this.outbox = new Outbox({
      path: opts.path,
      maxRecords: this.o.maxRecords,
      ...(opts.synchronous ? { synchronous: opts.synchronous } : {}),
    });
    // Whatever survived a stop or a crash is drained first.
    this.checkFill();
  }

  /**
   * Writes points straight to the store when the buffer is empty; otherwise, or when the store does not
   * take them, buffers them on disk behind everything waiting. Resolves once the store acknowledged them
   * or they are committed to the buffer. Unstorable points are refused here. A direct write slower than
   * `spillAfterMs` is buffered meanwhile: when the store then takes it, its batch leaves the buffer (the
   * drain waits for it, so nothing is sent twice); when the store fails, the batch is drained later.
   */
  async write(points: readonly HistoryPoint[]): Promise<void> {
    if (points.length === 0) return;
    if (!this.outage && this.outbox.size() === 0 && this.clock.now() >= this.nextAttemptAt) {
      const direct = this.sink.write(points);
      try {
        if ((await within(direct, this.o.spillAfterMs, this.timers)) === 'done') {
          this.s.direct += points.length;
          this.succeeded();
          return;
        }
      } catch (err) {
        this.failed(err);
        this.buffer(points);
        return;
      }
      const id = this.buffer(points);
      this.spilled++;
      direct
        .then(
          () => {
            if (id !== null) this.outbox.remove([id]);
            this.s.direct += points.length;
            this.succeeded();
          },
          (err: unknown) => this.failed(err),
        )
        .finally(() => {
          this.spilled--;
          this.checkFill();
          this.kick();
        })
        .catch(() => undefined);
      return;
    }
    this.buffer(points);
  }

  /** Commits points to the buffer, behind everything waiting; answers their batch's id. */
  private buffer(points: readonly HistoryPoint[]): number | null {
    points.forEach(assertPoint);
    const { id, dropped } = this.outbox.append(points, this.clock.now());
    if (dropped > 0) this.onEvent({ type: 'dropped', reason: 'overflow', count: dropped });
    this.checkFill();
    this.kick();
    return id;
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
      backfillBacklog: this.outbox.size(),
      fill: this.fill(),
      fillHigh: this.fillHigh,
      droppedOverflow: this.outbox.counter('dropped_overflow'),
      droppedAge: this.outbox.counter('dropped_age'),
      quarantined: this.outbox.quarantineSize(),
      outage: this.outage,
      lastError: this.lastError,
    };
  }

  /** Starts draining the buffer: back to back while it holds points, else every intervalMs. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops forwarding (waiting for a step in progress); buffered points stay on disk. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    await this.step?.catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.stop();
    this.outbox.close();
    await this.sink.close();
  }

  /** One forwarding step (what the timer runs): expire, then send the oldest buffered batches. */
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

  private schedule(ms: number): void {
    if (!this.running || this.timer !== null) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.forward()
        .then((r) =>
          this.schedule(r.backfill > 0 && this.outbox.size() > 0 ? 0 : this.o.intervalMs),
        )
        .catch(() => this.schedule(this.o.intervalMs));
    }, ms);
  }

  /** Points were buffered: drain soon rather than at the next idle look. */
  private kick(): void {
    if (this.timer !== null && this.step === null && this.clock.now() >= this.nextAttemptAt) {
      this.timers.clearTimeout(this.timer);
      this.timer = null;
      this.schedule(0);
    }
  }

  private async forwardOnce(): Promise<StepReport> {
    const now = this.clock.now();
    const expired = this.outbox.expire(now - this.o.maxAgeMs);
    if (expired > 0) this.onEvent({ type: 'dropped', reason: 'age', count: expired });
    const report: StepReport = { backfill: 0, failed: false };
    if (now < this.nextAttemptAt || this.outbox.size() === 0 || this.spilled > 0) return report;
    const batches = this.outbox.take(this.isolate ? 1 : this.o.drainBatchSize);
    const ids = batches.map((b) => b.id);
    const points = batches.flatMap((b) => b.points);
    const t0 = performance.now();
    try {
      await this.sink.write(points);
    } catch (err) {
      this.failed(err, ids);
      return { ...report, failed: true };
    }
    const ms = performance.now() - t0;
    this.outbox.remove(ids);
    this.s.forwarded += points.length;
    this.s.batches++;
    this.s.lastForwardMs = ms;
    this.s.maxForwardMs = Math.max(this.s.maxForwardMs, ms);
    this.succeeded();
    this.checkFill();
    return { ...report, backfill: points.length };
  }

  private succeeded(): void {
    this.isolate = false;
    this.retryDelay = this.o.retryDelayMs;
    this.lastError = null;
    if (this.outage) {
      this.outage = false;
      this.onEvent({ type: 'recovered' });
    }
  }

  /** A write failed: pace the retries; a refusal of buffered batches counts an attempt on them. */
  private failed(err: unknown, ids: number[] = []): void {
    const message = err instanceof Error ? err.message : String(err);
    this.lastError = message;
    const now = this.clock.now();
    this.nextAttemptAt = now + this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, this.o.maxRetryDelayMs);
    if (isTransient(err)) {
      if (!this.outage) {
        this.outage = true;
        this.onEvent({ type: 'outage', error: message });
      }
      return;
    }
    if (ids.length === 0) return;
    if (ids.length > 1) {
      // Refused together: try them one at a time at once, so only a refused batch counts attempts.
      this.isolate = true;
      this.nextAttemptAt = 0;
      this.retryDelay = this.o.retryDelayMs;
      return;
    }
    const attempts = this.outbox.refused(ids, message);
    if (attempts >= this.o.maxAttempts) {
      const batch = `${new Date(now).toISOString()}-${randomUUID().slice(0, 8)}`;
      const count = this.outbox.quarantine(ids, batch, message, now);
      this.onEvent({ type: 'quarantined', batch, count, error: message });
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
