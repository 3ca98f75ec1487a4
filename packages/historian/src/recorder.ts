// Feeds tag values through exception reporting into a historian in batches, numbering each point per tag.
import type { Clock, TagValue } from '@zld/tags';
import type { Historian, HistoryPoint } from './historian.js';
import { isTransient } from './historian.js';
import { assertPoint, MAX_TIME_MS } from './identifiers.js';
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
  /** Write as soon as this many points are pending. Default 5000. */
  batchSize?: number;
  /** And at least this often. Default 250 ms. */
  flushIntervalMs?: number;
  /** Batches being written at once (the next one goes while the store takes the last). Default 2. */
  maxInFlight?: number;
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
  private readonly maxInFlight: number;
  private pending: HistoryPoint[] = [];
  private chain: Promise<void> = Promise.resolve();
  private timer: unknown = null;
  /** Tag names already found storable (the name check is the costly part of a sample's check). */
  private readonly storableNames = new Set<string>();
  private readonly enqueueFn = (v: TagValue): void => this.enqueue(v);
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
    this.batchSize = opts.batchSize ?? 5000;
    this.intervalMs = opts.flushIntervalMs ?? 250;
    this.maxPending = opts.maxPending ?? 100_000;
    this.maxInFlight = Math.max(1, opts.maxInFlight ?? 2);
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
      if (!this.storable(v)) {
        this.m.rejected++;
        continue;
      }
      this.filter.take(v, this.enqueueFn);
    }
    if (this.pending.length >= this.batchSize) void this.flush();
  }

  /** Whether a sample can be stored (the checks of `assertPoint`, its name checked once). */
  private storable(v: TagValue): boolean {
    const t = v.ts;
    const g = v.gatewayTs;
    const x = v.value;
    if (
      this.storableNames.has(v.name) &&
      Number.isSafeInteger(t) &&
      t >= 0 &&
      t <= MAX_TIME_MS &&
      Number.isSafeInteger(g) &&
      g >= 0 &&
      g <= MAX_TIME_MS &&
      (x === null || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x))) &&
      (v.tsOrigin === 'gateway' || v.tsOrigin === 'source') &&
      typeof v.quality === 'string'
    )
      return true;
    try {
      assertPoint({ ...v, seq: 1, backfill: false });
    } catch {
      return false;
    }
    this.storableNames.add(v.name);
    return true;
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
    this.pending.push({
      name: v.name,
      value: v.value,
      quality: v.quality,
      ts: v.ts,
      gatewayTs: v.gatewayTs,
      tsOrigin: v.tsOrigin,
      seq,
      backfill: false,
    });
    if (this.pending.length > this.maxPending) {
      const over = this.pending.length - this.maxPending;
      this.pending.splice(0, over);
      this.m.dropped += over;
    }
  }

  /**
   * Writes what is pending in batches, up to `maxInFlight` at once; resolves when all of them are done.
   * A batch that fails transiently goes back in front of the pending points and the rest waits for the
   * next flush.
   */
  private async writePending(): Promise<void> {
    const inFlight = new Set<Promise<boolean>>();
    let failed = false;
    while (!failed && (this.pending.length > 0 || inFlight.size > 0)) {
      while (!failed && this.pending.length > 0 && inFlight.size < this.maxInFlight) {
        const batch = this.pending.splice(0, this.batchSize);
        const w: Promise<boolean> = this.writeBatch(batch).then((ok) => {
          inFlight.delete(w);
          if (!ok) failed = true;
          return ok;
        });
        inFlight.add(w);
      }
      if (inFlight.size > 0) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  }

  /** One write; answers false when it failed transiently (the batch is pending again). */
  private async writeBatch(batch: HistoryPoint[]): Promise<boolean> {
    const t0 = performance.now();
    try {
      await this.opts.historian.write(batch);
    } catch (err) {
      this.m.writeErrors++;
      if (isTransient(err)) {
        this.pending.unshift(...batch);
        return false;
      }
      this.m.dropped += batch.length;
      return true;
    }
    const ms = performance.now() - t0;
    this.m.lastWriteMs = ms;
    this.m.maxWriteMs = Math.max(this.m.maxWriteMs, ms);
    this.m.pointsWritten += batch.length;
    this.m.batches++;
    return true;
  }
}
