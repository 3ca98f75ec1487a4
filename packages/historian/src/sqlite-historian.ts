// The embedded historian: one SQLite file (WAL) owned by a worker thread; this side checks and encodes batches and awaits answers.
import { Worker } from 'node:worker_threads';
import type {
  Historian,
  HistorianHealth,
  HistoryPoint,
  HistoryQuery,
  HistorySeries,
} from './historian.js';
import { HistorianError } from './historian.js';
import { checkQuery } from './query-plan.js';
import {
  BatchEncoder,
  fromWire,
  type WorkerAnswers,
  type WorkerReply,
  type WorkerRequest,
  type WorkerSettings,
} from './sqlite-protocol.js';

export interface SqliteHistorianOptions {
  /** The database file (its directory is created), or ':memory:'. */
  path: string;
  /** Answer from rollups where they fit (default). false: always from the raw samples (rollups are kept all the same). */
  queryRollups?: boolean;
  /** Points handed to the worker and not yet committed, at most: `write` waits beyond. Default 100 000. */
  maxQueuedPoints?: number;
  /** How often the worker writes the open rollup intervals that changed. Default 10 000 ms. */
  openFlushMs?: number;
  /** A write waiting this long for its commit makes the store `degraded` (behind). Default 2000 ms. */
  behindMs?: number;
  /** Merge the stage (new samples, appended) into `samples` at this many rows (default 100 000)... */
  mergeRows?: number;
  /** ...or once its oldest row waited this long (default 10 000 ms). */
  mergeAgeMs?: number;
}

/** One committed batch: its points, the worker's time on it, and the time from `write` to commit. */
export interface CommitTiming {
  points: number;
  workerMs: number;
  commitMs: number;
}

/** Plain numbers for the gateway's metrics and health. */
export interface SqliteHistorianStats {
  /** Points handed to the worker (or holding room for it) and not yet committed. */
  queuedPoints: number;
  maxQueuedPoints: number;
  /** Writes waiting for room in the queue (the worker is behind). */
  waitingWrites: number;
  /** Age of the oldest write not yet committed, ms (0: none). */
  oldestWriteMs: number;
  /** Behind: a write waits for room, or has waited `behindMs` for its commit. */
  behind: boolean;
  batches: number;
  points: number;
  lastWorkerMs: number;
  maxWorkerMs: number;
  lastCommitMs: number;
  maxCommitMs: number;
}

interface Request {
  resolve(answer: { value: unknown; ms: number }): void;
  reject(err: Error): void;
  points: number;
  since: number;
}

type Ask = WorkerRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, 'id'>
    : never
  : never;

const closedError = (): HistorianError =>
  new HistorianError('SQLite: The database connection is not open', false);

/** Starts the worker and waits until it has opened the database (or failed to). */
function startWorker(settings: WorkerSettings): Promise<Worker> {
  const worker = new Worker(new URL('./sqlite-worker.mjs', import.meta.url), {
    workerData: settings,
  });
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => {
      worker.off('message', ready);
      void worker.terminate();
      reject(err);
    };
    const exited = (code: number) =>
      fail(new HistorianError(`SQLite worker exited (code ${code}) while opening`, false));
    const ready = (m: WorkerReply) => {
      if (m.id !== 0) return;
      worker.off('message', ready).off('error', fail).off('exit', exited);
      if (m.ok) resolve(worker);
      else fail(fromWire(m.error));
    };
    worker.on('message', ready).once('error', fail).once('exit', exited);
  });
}

/**
 * `write` resolves once the batch is committed (durable in the WAL). At most `maxQueuedPoints` wait
 * for the worker; beyond, `write` waits for room (its caller holds the points, e.g. the recorder).
 */
export class SqliteHistorian implements Historian {
  /** Called for each committed batch (the gateway's metrics). */
  onCommit: ((c: CommitTiming) => void) | null = null;
  private readonly encoder = new BatchEncoder();
  private readonly requests = new Map<number, Request>();
  private readonly waiters: { points: number; wake: (granted: boolean) => void }[] = [];
  private readonly maxQueued: number;
  private readonly behindMs: number;
  private nextId = 1;
  private queued = 0;
  private state: 'open' | 'closing' | 'closed' | 'failed' = 'open';
  private failure = '';
  private closing: Promise<void> | null = null;
  private readonly m = {
    batches: 0,
    points: 0,
    lastWorkerMs: 0,
    maxWorkerMs: 0,
    lastCommitMs: 0,
    maxCommitMs: 0,
  };

  private constructor(
    private readonly worker: Worker,
    opts: SqliteHistorianOptions,
  ) {
    this.maxQueued = opts.maxQueuedPoints ?? 100_000;
    this.behindMs = opts.behindMs ?? 2000;
    worker.on('message', (m: WorkerReply) => this.answer(m));
    worker.on('error', (err) => this.fail(`SQLite worker failed: ${err.message}`));
    worker.on('exit', (code) => {
      if (this.state !== 'closing' && this.state !== 'closed')
        this.fail(`SQLite worker exited (code ${code})`);
    });
    worker.unref();
  }

  static async open(opts: SqliteHistorianOptions): Promise<SqliteHistorian> {
    const worker = await startWorker({
      path: opts.path,
      queryRollups: opts.queryRollups !== false,
      openFlushMs: opts.openFlushMs ?? 10_000,
      ...(opts.mergeRows !== undefined ? { mergeRows: opts.mergeRows } : {}),
      ...(opts.mergeAgeMs !== undefined ? { mergeAgeMs: opts.mergeAgeMs } : {}),
    });
    return new SqliteHistorian(worker, opts);
  }

  async write(points: readonly HistoryPoint[]): Promise<void> {
    if (this.state !== 'open') throw this.unavailable();
    if (points.length === 0) return;
    const n = points.length;
    if (!(await this.room(n))) throw this.unavailable();
    let batch;
    try {
      batch = this.encoder.encode(points);
    } catch (err) {
      this.release(n);
      throw err;
    }
    const t0 = performance.now();
    const { ms } = await this.ask({ type: 'write', batch }, n, [batch.buffer]);
    const commitMs = performance.now() - t0;
    const m = this.m;
    m.batches++;
    m.points += n;
    m.lastWorkerMs = ms;
    m.maxWorkerMs = Math.max(m.maxWorkerMs, ms);
    m.lastCommitMs = commitMs;
    m.maxCommitMs = Math.max(m.maxCommitMs, commitMs);
    this.onCommit?.({ points: n, workerMs: ms, commitMs });
  }

  async query(query: HistoryQuery): Promise<HistorySeries[]> {
    const q = checkQuery(query);
    if (this.state !== 'open') throw this.unavailable();
    return this.request('query', { type: 'query', query: q });
  }

  async lastSeqs(): Promise<Record<string, number>> {
    if (this.state !== 'open') throw this.unavailable();
    return this.request('lastSeqs', { type: 'lastSeqs' });
  }

  /** Writes the open rollup intervals that changed now (the worker does so every `openFlushMs`); answers the rows. */
  async flushOpen(): Promise<number> {
    if (this.state !== 'open') throw this.unavailable();
    return this.request('flushOpen', { type: 'flushOpen' });
  }

  health(): HistorianHealth {
    const backlog = this.queued;
    if (this.state === 'failed')
      return { backend: 'sqlite', state: 'down', message: this.failure, backlog };
    if (this.state !== 'open') return { backend: 'sqlite', state: 'down', backlog };
    const s = this.stats();
    if (!s.behind) return { backend: 'sqlite', state: 'ok', backlog };
    const oldest = Math.round(s.oldestWriteMs / 100) / 10;
    const message =
      `the embedded store is behind: ${s.queuedPoints} point(s) wait for the database worker ` +
      `(oldest ${oldest} s)${s.waitingWrites > 0 ? ', writes wait for room' : ''}`;
    return { backend: 'sqlite', state: 'degraded', message, backlog };
  }

  stats(): SqliteHistorianStats {
    let oldest = Infinity;
    for (const r of this.requests.values()) if (r.points > 0) oldest = Math.min(oldest, r.since);
    const oldestWriteMs = oldest === Infinity ? 0 : performance.now() - oldest;
    const waitingWrites = this.waiters.length;
    return {
      queuedPoints: this.queued,
      maxQueuedPoints: this.maxQueued,
      waitingWrites,
      oldestWriteMs,
      behind: waitingWrites > 0 || oldestWriteMs >= this.behindMs,
      ...this.m,
    };
  }

  /** Waits for what was handed over, writes the open intervals, closes the database and ends the worker. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.state === 'failed') {
        await this.worker.terminate();
        return;
      }
      this.state = 'closing';
      for (const w of this.waiters.splice(0)) w.wake(false);
      try {
        await this.request('close', { type: 'close' });
      } finally {
        this.state = 'closed';
        await this.worker.terminate();
      }
    })();
    return this.closing;
  }

  /**
   * Holds room for `n` points in the queue, waiting in turn while the worker is behind; false when the
   * store closed or failed meanwhile (no room held).
   */
  private async room(n: number): Promise<boolean> {
    if (this.waiters.length === 0 && this.fits(n)) {
      this.queued += n;
      return true;
    }
    return new Promise<boolean>((wake) => this.waiters.push({ points: n, wake }));
  }

  private fits(n: number): boolean {
    return this.queued === 0 || this.queued + n <= this.maxQueued;
  }

  private release(n: number): void {
    this.queued -= n;
    while (this.waiters.length > 0 && this.fits(this.waiters[0]!.points)) {
      const w = this.waiters.shift()!;
      this.queued += w.points;
      w.wake(true);
    }
  }

  private async request<K extends keyof WorkerAnswers>(
    _type: K,
    ask: Ask & { type: K },
  ): Promise<WorkerAnswers[K]> {
    return (await this.ask(ask, 0)).value as WorkerAnswers[K];
  }

  /** Posts a request; resolves with the worker's answer and its time on it (ms). */
  private ask(
    ask: Ask,
    points: number,
    transfer: ArrayBuffer[] = [],
  ): Promise<{ value: unknown; ms: number }> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.requests.set(id, { resolve, reject, points, since: performance.now() });
      if (this.requests.size === 1) this.worker.ref();
      this.worker.postMessage({ ...ask, id }, transfer);
    });
  }

  private answer(m: WorkerReply): void {
    const r = this.requests.get(m.id);
    if (r === undefined) return;
    this.requests.delete(m.id);
    if (this.requests.size === 0) this.worker.unref();
    if (r.points > 0) this.release(r.points);
    if (m.ok) r.resolve({ value: m.value, ms: m.ms });
    else r.reject(fromWire(m.error));
  }

  /** The worker is gone: every request waiting fails (transiently: the points are still the caller's). */
  private fail(message: string): void {
    if (this.state === 'failed' || this.state === 'closed') return;
    this.state = 'failed';
    this.failure = message;
    for (const [id, r] of this.requests) {
      this.requests.delete(id);
      r.reject(new HistorianError(message, true));
    }
    this.queued = 0;
    for (const w of this.waiters.splice(0)) w.wake(false);
  }

  private unavailable(): HistorianError {
    return this.state === 'failed' ? new HistorianError(this.failure, true) : closedError();
  }
}
