// Benchmark script (not a test): seeds days of 1 Hz data for several tags into both backends, times maxPoints
// queries over the whole data set and shorter ragged windows, then times sustained writes at 1000 points/s.
// Prints one JSON object. Run: npm run bench -w @zld/historian [-- --days 7 --tags 8]
// With --influx <url> it uses that server (its database names: zld_bench, zld_bench_w1, …); otherwise it
// starts a private influxd if one is installed.
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { InfluxdProcess, influxdInstalled } from '@zld/testkit';
import {
  InfluxHistorian,
  SqliteHistorian,
  type Historian,
  type HistoryPoint,
} from '../src/index.js';

const { values: args } = parseArgs({
  options: {
    days: { type: 'string', default: '7' },
    tags: { type: 'string', default: '8' },
    maxPoints: { type: 'string', default: '1000' },
    influx: { type: 'string' },
    runs: { type: 'string', default: '5' },
    /** Seconds of data written in each sustained-write shape. */
    writeSeconds: { type: 'string', default: '120' },
  },
});
const days = Number(args.days);
const tagCount = Number(args.tags);
const maxPoints = Number(args.maxPoints);
const runs = Number(args.runs);
const writeSeconds = Number(args.writeSeconds);
const T0 = Date.UTC(2025, 0, 1);
const seconds = days * 86_400;
const tagNames = (n: number) =>
  Array.from({ length: n }, (_, i) => `FT-${String(100 + i).padStart(3, '0')}`);
const tags = tagNames(tagCount);
const HOUR = 3_600_000;
/** Shorter windows ending near the end of the data, with ragged edges (not on any rollup boundary). */
const WINDOWS: Record<string, number> = { '1h': HOUR, '8h': 8 * HOUR, '1d': 24 * HOUR };
/** Sustained-write shapes, each 1000 points/s: many slow tags, and a few fast ones. */
const WRITE_SHAPES = [
  { tags: 1000, hz: 1 },
  { tags: 8, hz: 125 },
];

const sample = (name: string, k: number, i: number, ts: number, seq: number): HistoryPoint => {
  const bad = i % 3600 === 1800;
  return {
    name,
    value: bad ? null : 50 + 10 * Math.sin(i / (600 + k * 60)) + ((i * 7919 + k) % 100) / 100,
    quality: bad ? 'Bad_CommunicationError' : 'Good',
    ts,
    gatewayTs: ts + 3,
    tsOrigin: 'gateway',
    seq,
    backfill: false,
  };
};

/** Writes the data set in batches, tag-interleaved as a gateway would. */
async function seed(h: Historian, batch: number): Promise<number> {
  const t0 = performance.now();
  let buf: HistoryPoint[] = [];
  for (let s = 0; s < seconds; s++) {
    const ts = T0 + s * 1000;
    for (let k = 0; k < tags.length; k++) buf.push(sample(tags[k]!, k, s, ts, s + 1));
    if (buf.length >= batch) {
      await h.write(buf);
      buf = [];
    }
  }
  await h.write(buf);
  return (performance.now() - t0) / 1000;
}

/**
 * Writes `writeSeconds` of a 1000 points/s shape as fast as it goes, in batches of `batch` points (what
 * the recorder or the forwarder sends), and reports the rate reached and the slowest batches.
 */
async function sustained(
  h: Historian,
  shape: { tags: number; hz: number },
  batch: number,
): Promise<Record<string, number>> {
  const names = tagNames(shape.tags);
  const start = T0 + seconds * 1000 + HOUR;
  const times: number[] = [];
  const t0 = performance.now();
  let buf: HistoryPoint[] = [];
  let total = 0;
  const flush = async () => {
    const b0 = performance.now();
    await h.write(buf);
    times.push(performance.now() - b0);
    total += buf.length;
    buf = [];
  };
  for (let i = 0; i < writeSeconds * shape.hz; i++) {
    const ts = start + Math.floor((i * 1000) / shape.hz);
    for (let k = 0; k < names.length; k++) {
      buf.push(sample(names[k]!, k, i, ts, i + 1));
      if (buf.length >= batch) await flush();
    }
  }
  if (buf.length > 0) await flush();
  const elapsed = (performance.now() - t0) / 1000;
  const sorted = [...times].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    ...shape,
    batch,
    points: total,
    pointsPerSecond: Math.round(total / elapsed),
    p50BatchMs: round(sorted[Math.floor(sorted.length / 2)] ?? 0),
    p99BatchMs: round(sorted[Math.floor(sorted.length * 0.99)] ?? 0),
    maxBatchMs: round(sorted[sorted.length - 1] ?? 0),
  };
}

/** Each write shape into a store of its own. */
async function sustainedAll(
  open: (i: number) => Promise<Historian>,
  batch: number,
): Promise<Record<string, number>[]> {
  const out = [];
  for (const [i, shape] of WRITE_SHAPES.entries()) {
    const h = await open(i);
    out.push(await sustained(h, shape, batch));
    await h.close();
  }
  return out;
}

/** The same server and options, another database (the name with a suffix). */
function otherDatabase(url: string, suffix: string): string {
  const u = new URL(url);
  u.pathname = `${u.pathname.replace(/\/+$/, '')}${suffix}`;
  return u.toString();
}

interface QueryTiming {
  ms: number[];
  medianMs: number;
  buckets: number;
  bucketMs: number;
}

async function timeQuery(h: Historian, from: number, to: number): Promise<QueryTiming> {
  const ms: number[] = [];
  let buckets = 0;
  let bucketMs = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const res = await h.query({ tags, from, to, maxPoints });
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

/** The whole data set (the headline figure), then the shorter windows. */
async function timeQueries(h: Historian): Promise<Record<string, unknown>> {
  const end = T0 + seconds * 1000;
  const out: Record<string, unknown> = { query: await timeQuery(h, T0, end) };
  for (const [label, ms] of Object.entries(WINDOWS)) {
    const to = end - 17_321;
    out[`query${label}`] = await timeQuery(h, to - ms, to);
  }
  return out;
}

const dir = await mkdtemp(join(tmpdir(), 'zld-historian-bench-'));
const result: Record<string, unknown> = {
  /** The machine may be shared: its load average (1, 5, 15 min) at the start and at the end. */
  loadAverageStart: loadavg().map((x) => Math.round(x * 10) / 10),
  days,
  tags: tagCount,
  points: seconds * tagCount,
  maxPoints,
};
let server: InfluxdProcess | null = null;
try {
  const sqlite = await SqliteHistorian.open({ path: join(dir, 'bench.sqlite') });
  const sqliteSeedS = await seed(sqlite, 50_000);
  const sqliteQueries = await timeQueries(sqlite);
  await sqlite.close();
  result['sqlite'] = {
    seedSeconds: Math.round(sqliteSeedS * 10) / 10,
    ...sqliteQueries,
    // In batches of the recorder's size.
    sustainedWrites: await sustainedAll(
      (i) => SqliteHistorian.open({ path: join(dir, `bench-w${i}.sqlite`) }),
      500,
    ),
  };

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
    const influxQueries = await timeQueries(influx);
    await influx.close();
    const base = url;
    result['influxdb'] = {
      seedSeconds: Math.round(influxSeedS * 10) / 10,
      ...influxQueries,
      // In batches of a forwarder period's worth at 1000 points/s.
      sustainedWrites: await sustainedAll(
        (i) => InfluxHistorian.open({ url: otherDatabase(base, `_w${i}`) }),
        200,
      ),
    };
  }
} finally {
  await server?.dispose();
  await rm(dir, { recursive: true, force: true });
}
result['loadAverageEnd'] = loadavg().map((x) => Math.round(x * 10) / 10);
console.log(JSON.stringify(result, null, 2));
