// Feeds tag values through exception reporting into a historian in batches, numbering each point per tag.
import type { Clock, TagValue } from '@zld/tags';
import type { Historian, HistoryPoint } from './historian.js';
import { isTransient } from './historian.js';
import { assertPoint } from './identifiers.js';
import { ExceptionFilter } from './exception-filter.js';
import type { TagPolicy } from './exception-filter.js';
import { realTimers } from './timers.js';
import type { Timers } from './timers.js';

export interface RecorderOptions {
  historian: Historian;
  /** Deadband and max interval per tag (from the plant definition); unknown tags store every change. */
  policies?: Iterable<TagPolicy>;
  clock: Clock;
  timers?: Timers;
  /** Write as soon as this many points are pending. Default 500. */
  batchSize?: number;
  /** And at least this often. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Points kept in memory while the historian refuses writes; the oldest go first. Default 100 000. */
  maxPending?: number;
  /** Last sequence number per tag; by default asked from the historian when opening. */
  seqStart?: Record<string, number>;
}

/** Plain counters for the gateway's metrics. */
export interface RecorderMetrics {
  /** Samples offered. */
  samples: number;
  /** Points the historian accepted. */
  pointsWritten: number;
  /** Successful write calls. */
  batches: number;
  writeErrors: number;
  lastWriteMs: number;
  maxWriteMs: number;
  /** Points waiting in memory here. */
  pending: number;
  /** Samples refused as unstorable (bad name, time or value). */
  rejected: number;
  /** Points dropped here: maxPending reached, or the historian refused them for good. */
  dropped: number;
  /** Points not yet in the final store: pending here plus the historian's own backlog. */
  backlog: number;
}

export class Recorder {
  private readonly filter: ExceptionFilter;
  private readonly seqs: Map<string, number>;
  private readonly timers: Timers;
  private readonly batchSize: number;
  private readonly intervalMs: number;
  private readonly maxPending: number;
  private pending: HistoryPoint[] = [];
  private chain: Promise<void> = Promise.resolve();
  private timer: unknown = null;
  private readonly m = {
    samples: 0,
    pointsWritten: 0,
    batches: 0,
    writeErrors: 0,
    lastWriteMs: 0,
    maxWriteMs: 0,
    rejected: 0,
    dropped: 0,
  };

  constructor(private readonly opts: RecorderOptions) {
    this.filter = new ExceptionFilter(opts.policies ?? []);
    this.seqs = new Map(Object.entries(opts.seqStart ?? {}));
    this.timers = opts.timers ?? realTimers;
    this.batchSize = opts.batchSize ?? 500;
    this.intervalMs = opts.flushIntervalMs ?? 1000;
    this.maxPending = opts.maxPending ?? 100_000;
  }

  /** Creates a recorder that continues each tag's numbering from the historian's last sequence numbers. */
  static async open(opts: RecorderOptions): Promise<Recorder> {
    const seqStart = opts.seqStart ?? (await opts.historian.lastSeqs());
    return new Recorder({ ...opts, seqStart });
  }

  /** Offers samples; those passing exception reporting are numbered and queued for writing. */
  offer(values: readonly TagValue[]): void {
    for (const v of values) {
      this.m.samples++;
      try {
        assertPoint({ ...v, seq: 1, backfill: false });
      } catch {
        this.m.rejected++;
        continue;
      }
      for (const s of this.filter.offer(v)) this.enqueue(s);
    }
    if (this.pending.length >= this.batchSize) void this.flush();
  }

  /** Writes everything pending (serialised with any write in progress). Never rejects. */
  flush(): Promise<void> {
    this.chain = this.chain.then(() => this.writePending());
    return this.chain;
  }

  /** Starts the periodic flush, which also stores held samples due under maxIntervalS. */
  start(): void {
    if (this.timer !== null) return;
    const loop = (): void => {
      this.timer = this.timers.setTimeout(() => {
        this.tick()
          .catch(() => undefined)
          .finally(() => {
            if (this.timer !== null) loop();
          });
      }, this.intervalMs);
    };
    loop();
  }

  /** Stops the timer and writes what is pending. */
  async stop(): Promise<void> {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }

  /** One periodic step: store due held samples, then flush. */
  async tick(): Promise<void> {
    for (const s of this.filter.due(this.opts.clock.now())) this.enqueue(s);
    await this.flush();
  }

  metrics(): RecorderMetrics {
    const pending = this.pending.length;
    return { ...this.m, pending, backlog: pending + this.opts.historian.health().backlog };
  }

  private enqueue(v: TagValue): void {
    const seq = (this.seqs.get(v.name) ?? 0) + 1;
    this.seqs.set(v.name, seq);
    this.pending.push({ ...v, seq, backfill: false });
    if (this.pending.length > this.maxPending) {
      const over = this.pending.length - this.maxPending;
      this.pending.splice(0, over);
      this.m.dropped += over;
    }
  }

  private async writePending(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.batchSize);
      const t0 = performance.now();
      try {
        await this.opts.historian.write(batch);
      } catch (err) {
        this.m.writeErrors++;
        if (isTransient(err)) {
          this.pending.unshift(...batch);
          return;
        }
        this.m.dropped += batch.length;
        continue;
      }
      const ms = performance.now() - t0;
      this.m.lastWriteMs = ms;
      this.m.maxWriteMs = Math.max(this.m.maxWriteMs, ms);
      this.m.pointsWritten += batch.length;
      this.m.batches++;
    }
  }
}
