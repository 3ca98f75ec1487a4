// Benchmark script (not a test): seeds days of 1 Hz data for several tags into both backends and times a
// maxPoints query on each. Prints one JSON object. Run: npm run bench -w @zld/historian [-- --days 7 --tags 8]
// With --influx <url> it uses that server; otherwise it starts a private influxd if one is installed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Historian, HistoryPoint } from './historian.js';
import { InfluxHistorian } from './influx-historian.js';
import { InfluxdProcess, influxdInstalled } from './influxd-process.js';
import { SqliteHistorian } from './sqlite-historian.js';

const { values: args } = parseArgs({
  options: {
    days: { type: 'string', default: '7' },
    tags: { type: 'string', default: '8' },
    maxPoints: { type: 'string', default: '1000' },
    influx: { type: 'string' },
    runs: { type: 'string', default: '5' },
  },
});
const days = Number(args.days);
const tagCount = Number(args.tags);
const maxPoints = Number(args.maxPoints);
const runs = Number(args.runs);
const T0 = Date.UTC(2025, 0, 1);
const seconds = days * 86_400;
const tags = Array.from({ length: tagCount }, (_, i) => `FT-${String(100 + i).padStart(3, '0')}`);

/** Writes the data set in batches, tag-interleaved as a gateway would. */
async function seed(h: Historian, batch: number): Promise<number> {
  const t0 = performance.now();
  let buf: HistoryPoint[] = [];
  for (let s = 0; s < seconds; s++) {
    const ts = T0 + s * 1000;
    for (let k = 0; k < tags.length; k++) {
      const bad = s % 3600 === 1800;
      buf.push({
        name: tags[k]!,
        value: bad ? null : 50 + 10 * Math.sin(s / (600 + k * 60)) + ((s * 7919 + k) % 100) / 100,
        quality: bad ? 'Bad_CommunicationError' : 'Good',
        ts,
        gatewayTs: ts + 3,
        tsOrigin: 'gateway',
        seq: s + 1,
        backfill: false,
      });
    }
    if (buf.length >= batch) {
      await h.write(buf);
      buf = [];
    }
  }
  await h.write(buf);
  return (performance.now() - t0) / 1000;
}

async function timeQuery(
  h: Historian,
): Promise<{ ms: number[]; medianMs: number; buckets: number; bucketMs: number }> {
  const ms: number[] = [];
  let buckets = 0;
  let bucketMs = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const res = await h.query({ tags, from: T0, to: T0 + seconds * 1000, maxPoints });
    ms.push(Math.round((performance.now() - t0) * 10) / 10);
    const first = res[0];
    if (first?.mode === 'buckets') {
      buckets = first.buckets.length;
      bucketMs = first.bucketMs;
    }
  }
  const sorted = [...ms].sort((a, b) => a - b);
  return { ms, medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0, buckets, bucketMs };
}

const dir = await mkdtemp(join(tmpdir(), 'zld-historian-bench-'));
const result: Record<string, unknown> = {
  days,
  tags: tagCount,
  points: seconds * tagCount,
  maxPoints,
};
let server: InfluxdProcess | null = null;
try {
  const sqlite = await SqliteHistorian.open({ path: join(dir, 'bench.sqlite') });
  const sqliteSeedS = await seed(sqlite, 50_000);
  result['sqlite'] = {
    seedSeconds: Math.round(sqliteSeedS * 10) / 10,
    query: await timeQuery(sqlite),
  };
  await sqlite.close();

  let url = args.influx;
  if (url === undefined && influxdInstalled()) {
    server = await InfluxdProcess.start();
    url = server.databaseUrl('zld_bench');
  }
  if (url === undefined) {
    result['influxdb'] = { skipped: 'no --influx URL given and influxd is not installed' };
  } else {
    const influx = await InfluxHistorian.open({ url, requestTimeoutMs: 120_000 });
    const influxSeedS = await seed(influx, 10_000);
    result['influxdb'] = {
      seedSeconds: Math.round(influxSeedS * 10) / 10,
      query: await timeQuery(influx),
    };
    await influx.close();
  }
} finally {
  await server?.dispose();
  await rm(dir, { recursive: true, force: true });
}
console.log(JSON.stringify(result, null, 2));
