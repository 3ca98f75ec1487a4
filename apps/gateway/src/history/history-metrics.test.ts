import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerHistoryMetrics, type HistoryStats } from './history-metrics.js';

const stats: HistoryStats = {
  recorder: {
    samples: 100,
    pointsWritten: 90,
    batches: 3,
    writeErrors: 1,
    lastWriteMs: 2,
    maxWriteMs: 5,
    pending: 4,
    rejected: 2,
    dropped: 6,
    backlog: 54,
  },
  forwarder: {
    backlog: 50,
    backfillBacklog: 40,
    direct: 0,
    fill: 0.05,
    fillHigh: false,
    droppedOverflow: 7,
    droppedAge: 8,
    quarantined: 9,
    forwarded: 80,
    batches: 4,
    lastForwardMs: 1500,
    maxForwardMs: 2500,
    outage: true,
    lastError: 'connect ECONNREFUSED',
  },
  store: {
    queuedPoints: 500,
    maxQueuedPoints: 100_000,
    waitingWrites: 1,
    oldestWriteMs: 2500,
    behind: true,
    batches: 12,
    points: 6000,
    lastWorkerMs: 3,
    maxWorkerMs: 40,
    lastCommitMs: 4,
    maxCommitMs: 2500,
  },
  fill: 0.05,
  connected: false,
  quarantinedBatches: 2,
  outages: 1,
};

describe('the historian metrics', () => {
  it('export the service’s numbers, read once per scrape', async () => {
    const registry = new Registry();
    let reads = 0;
    const { writeDuration, workerDuration } = registerHistoryMetrics(registry, {
      stats: () => {
        reads++;
        return stats;
      },
    });
    writeDuration.observe(0.002);
    workerDuration.observe(0.001);
    const text = await registry.metrics();
    expect(reads).toBe(1);
    const values = Object.fromEntries(
      text
        .split('\n')
        .filter((l) => l.startsWith('zld_historian_') && !l.includes('_bucket'))
        .map((l) => l.split(' ') as [string, string]),
    );
    expect(values).toEqual({
      zld_historian_samples_total: '100',
      zld_historian_points_written_total: '90',
      zld_historian_batches_total: '3',
      zld_historian_write_errors_total: '1',
      zld_historian_forwarded_total: '80',
      zld_historian_forward_batches_total: '4',
      zld_historian_forward_duration_seconds: '1.5',
      zld_historian_forward_duration_max_seconds: '2.5',
      zld_historian_backlog_points: '54',
      zld_historian_backfill_points: '40',
      zld_historian_buffer_fill_ratio: '0.05',
      zld_historian_store_queue_points: '500',
      zld_historian_store_waiting_writes: '1',
      zld_historian_store_behind: '1',
      zld_historian_store_commit_max_seconds: '2.5',
      zld_historian_buffer_fill_high: '0',
      zld_historian_up: '0',
      zld_historian_outages_total: '1',
      zld_historian_quarantined_points: '9',
      zld_historian_quarantined_batches_total: '2',
      'zld_historian_dropped_points_total{reason="overflow"}': '7',
      'zld_historian_dropped_points_total{reason="age"}': '8',
      'zld_historian_dropped_points_total{reason="recorder"}': '6',
      'zld_historian_dropped_points_total{reason="rejected"}': '2',
      zld_historian_write_duration_seconds_sum: '0.002',
      zld_historian_write_duration_seconds_count: '1',
      zld_historian_store_worker_seconds_sum: '0.001',
      zld_historian_store_worker_seconds_count: '1',
    });
    await registry.metrics();
    expect(reads).toBe(2);
  });
});
