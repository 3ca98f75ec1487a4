// The gateway's historian: every flushed tag change through exception reporting into the store, with health and quarantine.
import type { HistorianHealthDto } from '@zld/api';
import {
  openHistorian,
  Recorder,
  SqliteHistorian,
  StoreAndForward,
  type ForwarderEvent,
  type ForwarderStats,
  type Historian,
  type HistoryQuery,
  type HistorySeries,
  type OpenHistorianOptions,
  type QuarantinedBatch,
  type RecorderMetrics,
  type SqliteHistorianStats,
} from '@zld/historian';
import type { Plant, TagDef } from '@zld/plant';
import type { Clock, Quality, TagValue, Value } from '@zld/tags';
import type { Registry } from 'prom-client';
import type { RuntimeLogger } from '../runtime/runtime.js';
import { BUFFER_FILL_TAG } from './buffer-fill-tag.js';
import { registerHistoryMetrics, type HistoryStats } from './history-metrics.js';

/** What the service needs of the runtime: its flushed changes, and a way to publish a computed tag. */
export interface TagFeed {
  subscribe(listener: (changes: readonly TagValue[]) => void): () => void;
  setComputed(name: string, value: Value, quality: Quality): void;
}

export interface HistoryServiceOptions {
  plant: Plant;
  /** The runtime: every tag (PLC and computed) arrives through its coalesced batches. */
  feed: TagFeed;
  /** The gateway clock (plant time with `--clock plc`): sample times and max intervals. */
  clock: Clock;
  /** The gateway's own clock: the forwarder's retry pacing and buffer age bound (default Date.now). */
  wall?: Clock;
  /** Where the embedded store and the store-and-forward buffer live. */
  dataDir: string;
  /** InfluxDB 1.x (`http://host:port/db`); unset: the embedded SQLite store. */
  influxUrl?: string;
  /**
   * An already opened historian (another backend, or tests); `influxUrl`, `dataDir`, `wall` and
   * `forwarder` are then unused, and a forwarder's events are not counted or logged here.
   */
  historian?: Historian;
  /** The metrics go here (`zld_historian_*`); none when absent. */
  registry?: Registry;
  /** Tuning of the store-and-forward buffer (size, age, fill warning, periods). */
  forwarder?: Omit<NonNullable<OpenHistorianOptions['forwarder']>, 'onEvent'>;
  /** Tuning of the recorder: batch size, flush period, points kept in memory while the store fails. */
  recorder?: { batchSize?: number; flushIntervalMs?: number; maxPending?: number };
  /** The computed tag the buffer fill (%) is published to when the plant has it (default UY-990). */
  fillTag?: string;
  /** How often the fill tag is published (default 1000 ms). */
  fillPublishMs?: number;
  logger?: RuntimeLogger;
}

const DEFAULT_MAX_PENDING = 100_000;
/** The quality of a gap marker: the gateway was not communicating with anything then. */
export const GAP_QUALITY: Quality = 'Bad_NoCommunication';
/** At this backlog fill the historian is reported behind (`/healthz` message); GUESS. */
const BEHIND_FILL = 0.5;
const silent: RuntimeLogger = { info: () => {}, warn: () => {}, error: () => {} };

/** Wraps the store the recorder writes to: times every write and keeps the last write error. */
class WriteProbe {
  lastError: string | null = null;
  onWrite: (seconds: number) => void = () => {};

  wrap(store: Historian): Historian {
    return {
      write: async (points) => {
        const t0 = performance.now();
        try {
          await store.write(points);
          this.lastError = null;
        } catch (err) {
          this.lastError = err instanceof Error ? err.message : String(err);
          throw err;
        } finally {
          this.onWrite((performance.now() - t0) / 1000);
        }
      },
      query: (q) => store.query(q),
      lastSeqs: () => store.lastSeqs(),
      health: () => store.health(),
      close: () => store.close(),
    };
  }
}

/** Counts and logs what the forwarder reports (it may report while it opens, before the service exists). */
class ForwarderEvents {
  quarantinedBatches = 0;
  outages = 0;
  onFillChange: () => void = () => {};

  constructor(private readonly log: RuntimeLogger) {}

  readonly handle = (e: ForwarderEvent): void => {
    const log = this.log;
    if (e.type === 'outage') {
      this.outages++;
      log.warn(`historian unreachable, buffering on disk: ${e.error}`);
    } else if (e.type === 'recovered') {
      log.info('historian reachable again, replaying the buffer');
    } else if (e.type === 'fill-high' || e.type === 'fill-normal') {
      const level = e.type === 'fill-high' ? log.warn : log.info;
      level(`historian buffer ${Math.round(e.fill * 100)}% full`);
      this.onFillChange();
    } else if (e.type === 'dropped') {
      log.warn(`historian buffer dropped ${e.count} point(s) (${e.reason})`);
    } else {
      this.quarantinedBatches++;
      log.error(
        `historian refused a batch of ${e.count} point(s), quarantined as ${e.batch}: ${e.error}`,
      );
    }
  };
}

/**
 * Owns the historian, the recorder in front of it and, with InfluxDB, the store-and-forward buffer.
 * The web layer asks it for history, health and the quarantine; the runtime feeds it from `start()`.
 * `stop()` stops the feed, writes what the recorder still holds and closes the store (buffered points
 * stay on disk).
 */
export class HistoryService {
  /** The store-and-forward buffer, when the final store is remote (InfluxDB); null for the embedded store. */
  readonly forwarder: StoreAndForward | null;
  /** The embedded store (its worker's queue and timings); null for InfluxDB. */
  readonly embedded: SqliteHistorian | null;
  private unsubscribe: (() => void) | null = null;
  private readonly fillTag: string | null;
  private fillTimer: ReturnType<typeof setInterval> | null = null;
  private closing: Promise<void> | null = null;

  private constructor(
    readonly plant: Plant,
    readonly clock: Clock,
    readonly historian: Historian,
    private readonly recorder: Recorder,
    private readonly probe: WriteProbe,
    private readonly events: ForwarderEvents,
    private readonly opts: HistoryServiceOptions & { maxPending: number },
  ) {
    this.forwarder = historian instanceof StoreAndForward ? historian : null;
    this.embedded = historian instanceof SqliteHistorian ? historian : null;
    this.fillTag = this.findFillTag();
  }

  /** Opens the historian (or takes the one given) and the recorder, registers the metrics; `start()` records. */
  static async open(opts: HistoryServiceOptions): Promise<HistoryService> {
    const log = opts.logger ?? silent;
    const events = new ForwarderEvents(log);
    const store =
      opts.historian ??
      (await openHistorian({
        ...(opts.influxUrl !== undefined ? { url: opts.influxUrl } : {}),
        dataDir: opts.dataDir,
        clock: opts.wall ?? { now: () => Date.now() },
        forwarder: { ...opts.forwarder, onEvent: events.handle },
      }));
    const probe = new WriteProbe();
    const maxPending = opts.recorder?.maxPending ?? DEFAULT_MAX_PENDING;
    let recorder: Recorder;
    try {
      recorder = await Recorder.open({
        historian: probe.wrap(store),
        clock: opts.clock,
        policies: opts.plant.tags.map((t) => ({
          name: t.name,
          deadband: t.deadband,
          maxIntervalS: t.maxIntervalS,
        })),
        ...opts.recorder,
        maxPending,
      });
    } catch (err) {
      await store.close().catch(() => undefined);
      throw err;
    }
    const service = new HistoryService(opts.plant, opts.clock, store, recorder, probe, events, {
      ...opts,
      maxPending,
    });
    if (opts.registry) {
      const metrics = registerHistoryMetrics(opts.registry, service);
      probe.onWrite = (seconds) => metrics.writeDuration.observe(seconds);
      if (service.embedded !== null)
        service.embedded.onCommit = (c) => metrics.workerDuration.observe(c.workerMs / 1000);
    }
    log.info(`historian: ${store.health().backend}`);
    return service;
  }

  /** A tag the plant defines (only those can be asked for). */
  tag(name: string): TagDef | undefined {
    return this.plant.tagByName.get(name);
  }

  /** Per tag, raw points or buckets from the final store (points still buffered are not included). */
  query(q: HistoryQuery): Promise<HistorySeries[]> {
    return this.historian.query(q);
  }

  /** Points accepted but not yet in the final store: held in memory plus waiting in the buffer. */
  backlog(): number {
    return this.recorder.metrics().backlog;
  }

  /**
   * The backlog fill as a fraction (UY-990): points waiting in memory (the recorder's, plus those handed
   * to the embedded store's worker and not yet committed) over the recorder's bound, or the disk
   * buffer's fill if that is fuller.
   */
  fill(): number {
    return this.fillOf(this.recorder.metrics(), this.embedded?.stats() ?? null);
  }

  /** The historian's part of `/healthz`. */
  health(): HistorianHealthDto {
    const recorder = this.recorder.metrics();
    const store = this.embedded?.stats() ?? null;
    return this.healthOf(recorder, this.forwarder?.stats() ?? null, this.fillOf(recorder, store));
  }

  /** Plain numbers for the metrics (each source read once). */
  stats(): HistoryStats {
    const recorder: RecorderMetrics = this.recorder.metrics();
    const forwarder: ForwarderStats | null = this.forwarder?.stats() ?? null;
    const store: SqliteHistorianStats | null = this.embedded?.stats() ?? null;
    const fill = this.fillOf(recorder, store);
    return {
      recorder,
      forwarder,
      store,
      fill,
      connected: this.healthOf(recorder, forwarder, fill).connected,
      quarantinedBatches: this.events.quarantinedBatches,
      outages: this.events.outages,
    };
  }

  /** Quarantined batches (none without a store-and-forward buffer). */
  listQuarantine(): QuarantinedBatch[] {
    return this.forwarder?.listQuarantine() ?? [];
  }

  /** Puts a quarantined batch back in the queue at its place; answers how many points (0: no such batch). */
  retryQuarantine(batch: string): number {
    return this.forwarder?.retryQuarantine(batch) ?? 0;
  }

  /** A quarantined batch as JSON Lines (empty when there is no such batch). */
  exportQuarantine(batch: string): string {
    return this.forwarder?.exportQuarantine(batch) ?? '';
  }

  /** Writes what the recorder holds now (a test, or before a planned stop); never rejects. */
  flush(): Promise<void> {
    return this.recorder.flush();
  }

  /**
   * A gap marker: one sample per tag with no value and Bad quality at `at` (epoch ms, history clock), so
   * a trend over a downtime breaks its line there instead of joining the samples on either side. Offer
   * it before the runtime feeds new values (at start); it goes the way of every sample (embedded store,
   * or the buffer in front of InfluxDB).
   */
  markGap(at: number): void {
    const t = Math.max(0, Math.round(at));
    this.recorder.offer(
      this.plant.tags.map((d) => ({
        name: d.name,
        value: null,
        quality: GAP_QUALITY,
        ts: t,
        gatewayTs: t,
        tsOrigin: 'gateway' as const,
      })),
    );
  }

  /** Records every change of the feed and publishes the buffer fill; idempotent. */
  start(): void {
    if (this.unsubscribe !== null || this.closing !== null) return;
    const recorder = this.recorder;
    this.unsubscribe = this.opts.feed.subscribe((changes) => recorder.offer(changes));
    recorder.start();
    if (this.fillTag !== null) {
      this.fillTimer = setInterval(() => this.publishFill(), this.opts.fillPublishMs ?? 1000);
      this.fillTimer.unref();
      this.events.onFillChange = () => this.publishFill();
      this.publishFill();
    }
  }

  /** Stops recording, writes what the recorder holds, closes the store; idempotent. */
  stop(): Promise<void> {
    this.closing ??= (async () => {
      this.unsubscribe?.();
      this.unsubscribe = null;
      if (this.fillTimer !== null) clearInterval(this.fillTimer);
      await this.recorder.stop();
      const left = this.recorder.metrics().pending;
      if (left > 0)
        this.log.warn(`historian: ${left} point(s) could not be written before closing`);
      await this.historian.close();
    })();
    return this.closing;
  }

  private fillOf(recorder: RecorderMetrics, store: SqliteHistorianStats | null): number {
    const memory = (recorder.pending + (store?.queuedPoints ?? 0)) / this.opts.maxPending;
    const f = this.forwarder;
    const disk = f ? f.outbox.size() / f.outbox.maxRecords : 0;
    return Math.min(1, Math.max(memory, disk));
  }

  /**
   * Connected: the store answers (no outage of the final store, and the last write went through).
   * Otherwise `lastError` says in plain words when the historian is behind (the store `degraded`, or
   * the backlog at `BEHIND_FILL` of its bound) or has dropped points since start.
   */
  private healthOf(
    recorder: RecorderMetrics,
    s: ForwarderStats | null,
    fill: number,
  ): HistorianHealthDto {
    const h = this.historian.health();
    const connected = h.state !== 'down' && s?.outage !== true && this.probe.lastError === null;
    const lost = recorder.dropped + (s?.droppedOverflow ?? 0) + (s?.droppedAge ?? 0);
    const lastError =
      s?.lastError ??
      this.probe.lastError ??
      (h.state === 'ok' ? null : (h.message ?? null)) ??
      (fill >= BEHIND_FILL
        ? `historian behind: ${recorder.backlog} point(s) not yet stored, backlog ${Math.round(fill * 100)}% of its bound`
        : null) ??
      (lost > 0 ? `historian dropped ${lost} point(s) since start` : null);
    return { backend: h.backend, connected, lastError, backlog: recorder.backlog };
  }

  private get log(): RuntimeLogger {
    return this.opts.logger ?? silent;
  }

  /** The fill tag's name, when the plant has it as a computed tag. */
  private findFillTag(): string | null {
    const name = this.opts.fillTag ?? BUFFER_FILL_TAG;
    const def = this.plant.tagByName.get(name);
    if (def === undefined) return null;
    if (!def.computed) {
      this.log.warn(`historian: ${name} is not a computed tag; the buffer fill is not published`);
      return null;
    }
    return name;
  }

  private publishFill(): void {
    if (this.fillTag === null || this.closing !== null) return;
    try {
      this.opts.feed.setComputed(this.fillTag, Math.round(this.fill() * 1000) / 10, 'Good');
    } catch (err) {
      this.log.error(`historian: publishing ${this.fillTag} failed: ${(err as Error).message}`);
    }
  }
}
