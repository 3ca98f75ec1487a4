// Prometheus metrics of the historian (zld_historian_*), read from the history service's counters at scrape time.
import type { ForwarderStats, RecorderMetrics, SqliteHistorianStats } from '@zld/historian';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What the metrics read, once per scrape. */
export interface HistoryStats {
  recorder: RecorderMetrics;
  /** Null for the embedded store (no store-and-forward buffer). */
  forwarder: ForwarderStats | null;
  /** The embedded store's worker queue and timings; null for InfluxDB. */
  store: SqliteHistorianStats | null;
  /** Backlog fill, 0..1 (what UY-990 shows, in %). */
  fill: number;
  /** The final store answers. */
  connected: boolean;
  /** Batches quarantined since start. */
  quarantinedBatches: number;
  /** Outages (final store unreachable) since start. */
  outages: number;
}

export interface HistoryMetrics {
  /** Duration of each recorder write (into the embedded store, or onto the disk buffer): the commit latency. */
  writeDuration: Histogram;
  /** Time the embedded store's worker spent on each batch. */
  workerDuration: Histogram;
}

export function registerHistoryMetrics(
  registry: Registry,
  source: { stats(): HistoryStats },
): HistoryMetrics {
  const registers = [registry];
  // One read of the service per scrape: prom-client calls every collect() synchronously, one after
  // the other, before it awaits anything; the read is forgotten right after (a microtask later).
  let cache: HistoryStats | null = null;
  const stats = (): HistoryStats => {
    if (cache === null) {
      cache = source.stats();
      queueMicrotask(() => {
        cache = null;
      });
    }
    return cache;
  };
  const counter = (name: string, help: string, read: (s: HistoryStats) => number): void => {
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(read(stats()));
      },
    });
  };
  const gauge = (name: string, help: string, read: (s: HistoryStats) => number): void => {
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read(stats()));
      },
    });
  };

  counter(
    'zld_historian_samples_total',
    'Tag values offered to the historian',
    (s) => s.recorder.samples,
  );
  counter(
    'zld_historian_points_written_total',
    'Points written after exception reporting (into the embedded store or the disk buffer)',
    (s) => s.recorder.pointsWritten,
  );
  counter('zld_historian_batches_total', 'Write batches', (s) => s.recorder.batches);
  counter(
    'zld_historian_write_errors_total',
    'Write batches that failed',
    (s) => s.recorder.writeErrors,
  );
  counter(
    'zld_historian_forwarded_total',
    'Points the store-and-forward buffer delivered to InfluxDB',
    (s) => s.forwarder?.forwarded ?? 0,
  );
  counter(
    'zld_historian_forward_batches_total',
    'Batches the store-and-forward buffer delivered to InfluxDB',
    (s) => s.forwarder?.batches ?? 0,
  );
  gauge(
    'zld_historian_forward_duration_seconds',
    'Duration of the last delivery to InfluxDB',
    (s) => (s.forwarder?.lastForwardMs ?? 0) / 1000,
  );
  gauge(
    'zld_historian_forward_duration_max_seconds',
    'Longest delivery to InfluxDB since start',
    (s) => (s.forwarder?.maxForwardMs ?? 0) / 1000,
  );
  gauge(
    'zld_historian_backlog_points',
    'Points accepted but not yet in the final store (memory plus disk buffer)',
    (s) => s.recorder.backlog,
  );
  gauge(
    'zld_historian_backfill_points',
    'Buffered points waiting for replay after an outage',
    (s) => s.forwarder?.backfillBacklog ?? 0,
  );
  gauge(
    'zld_historian_buffer_fill_ratio',
    'Backlog fill, 0 to 1: memory (recorder and embedded store queue) over its bound, or the disk buffer',
    (s) => s.fill,
  );
  gauge(
    'zld_historian_store_queue_points',
    'Points handed to the embedded store and not yet committed',
    (s) => s.store?.queuedPoints ?? 0,
  );
  gauge(
    'zld_historian_store_waiting_writes',
    'Writes waiting for room in the embedded store queue',
    (s) => s.store?.waitingWrites ?? 0,
  );
  gauge('zld_historian_store_behind', '1 while the embedded store is behind', (s) =>
    s.store?.behind === true ? 1 : 0,
  );
  gauge(
    'zld_historian_store_commit_max_seconds',
    'Longest time from a write to its commit in the embedded store since start',
    (s) => (s.store?.maxCommitMs ?? 0) / 1000,
  );
  gauge('zld_historian_buffer_fill_high', '1 while the buffer is above its warning fill', (s) =>
    s.forwarder?.fillHigh === true ? 1 : 0,
  );
  gauge('zld_historian_up', '1 while the final store answers', (s) => (s.connected ? 1 : 0));
  counter(
    'zld_historian_outages_total',
    'Outages of the final store since start',
    (s) => s.outages,
  );
  gauge(
    'zld_historian_quarantined_points',
    'Points in quarantine (refused by the store after repeated attempts)',
    (s) => s.forwarder?.quarantined ?? 0,
  );
  counter(
    'zld_historian_quarantined_batches_total',
    'Batches quarantined since start',
    (s) => s.quarantinedBatches,
  );
  new Counter({
    name: 'zld_historian_dropped_points_total',
    help: 'Points lost, by reason: buffer overflow, buffer age, recorder (memory queue full, or refused for good by the store), rejected (unstorable sample)',
    labelNames: ['reason'] as const,
    registers,
    collect() {
      const s = stats();
      this.reset();
      this.inc({ reason: 'overflow' }, s.forwarder?.droppedOverflow ?? 0);
      this.inc({ reason: 'age' }, s.forwarder?.droppedAge ?? 0);
      this.inc({ reason: 'recorder' }, s.recorder.dropped);
      this.inc({ reason: 'rejected' }, s.recorder.rejected);
    },
  });
  const buckets = [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5];
  const writeDuration = new Histogram({
    name: 'zld_historian_write_duration_seconds',
    help: 'Duration of each write batch, from the write to its commit (into the embedded store, or onto the disk buffer)',
    buckets,
    registers,
  });
  const workerDuration = new Histogram({
    name: 'zld_historian_store_worker_seconds',
    help: "Time the embedded store's worker spent on each batch",
    buckets,
    registers,
  });
  return { writeDuration, workerDuration };
}
