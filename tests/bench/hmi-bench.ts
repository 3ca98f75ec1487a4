// Benchmark (not a test): the HMI's page weight (gzip: first load, and each chunk loaded on demand) and how long a
// month-long 8-pen trend takes to draw in Chromium, from a gateway whose embedded historian holds 30 days of data.
// Prints one JSON object. Run: npx tsx tests/bench/hmi-bench.ts [--runs 5] [--days 30] [--every 20]
import { openHistorian, type HistoryPoint } from '@zld/historian';
import { loadPlant } from '@zld/protocols';
import { wallClock } from '@zld/tags';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { launchChromium, noChromium } from '@zld/testkit/chromium-suite';
import { freePort, waitFor } from '@zld/testkit';
import { logIn, openHmi } from '../browser/hmi-actions.js';
import { buildHmiOnce, ROOT } from '../browser/pilot-line.js';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    days: { type: 'string', default: '30' },
    /** Seconds between two samples of a tag. */
    every: { type: 'string', default: '20' },
  },
});
const runs = Number(args.runs);
const days = Number(args.days);
const everyS = Number(args.every);
const log = (m: string) => process.stderr.write(`hmi-bench: ${m}\n`);
const PENS = [
  'FIC-106',
  'LIC-103',
  'FIC-201',
  'AIC-205',
  'LIC-402',
  'FIC-405',
  'LIC-506',
  'FT-509',
];
const PASSWORD = 'hmi bench admin secret 5';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const round = (x: number) => Math.round(x);

/** `apps/hmi/scripts/page-weight.mjs` on the built HMI. */
async function pageWeight(): Promise<unknown> {
  const { stdout } = await promisify(execFile)(process.execPath, [
    join(ROOT, 'apps', 'hmi', 'scripts', 'page-weight.mjs'),
  ]);
  const w = JSON.parse(stdout) as {
    initialGzipBytes: number;
    lazyGzipBytes: number;
    initial: { file: string; gzip: number }[];
    onDemand: { file: string; gzip: number }[];
  };
  return {
    firstLoadGzipBytes: w.initialGzipBytes,
    firstLoad: w.initial.map((f) => ({ file: f.file, gzipBytes: f.gzip })),
    onDemandGzipBytes: w.lazyGzipBytes,
    onDemand: w.onDemand.map((f) => ({ file: f.file, gzipBytes: f.gzip })),
  };
}

/** Writes `days` of samples of every pen, one every `everyS` s, ending now, into `<dataDir>/history.sqlite`. */
async function seed(dataDir: string, to: number): Promise<{ points: number; seconds: number }> {
  const plant = loadPlant();
  const ranges = PENS.map((name) => {
    const tag = plant.tags.find((t) => t.name === name);
    if (!tag) throw new Error(`${name} is not a tag of the pilot plant`);
    return tag.range;
  });
  const h = await openHistorian({ dataDir, clock: wallClock });
  const t0 = performance.now();
  const from = to - days * 86_400_000;
  const steps = Math.floor((to - from) / (everyS * 1000));
  let batch: HistoryPoint[] = [];
  let points = 0;
  for (let i = 0; i < steps; i++) {
    const ts = from + i * everyS * 1000;
    PENS.forEach((name, k) => {
      const [lo, hi] = ranges[k]!;
      const span = hi - lo;
      // A daily swing, a slower drift and some noise, inside the tag's range.
      const value =
        lo +
        span *
          (0.5 +
            0.2 * Math.sin((2 * Math.PI * ts) / 86_400_000 + k) +
            0.1 * Math.sin((2 * Math.PI * ts) / (7 * 86_400_000)) +
            0.03 * (((i * 7919 + k * 104_729) % 1000) / 1000 - 0.5));
      batch.push({
        name,
        value,
        quality: 'Good',
        ts,
        gatewayTs: ts,
        tsOrigin: 'gateway',
        seq: i + 1,
        backfill: false,
      });
    });
    if (batch.length >= 20_000) {
      await h.write(batch);
      points += batch.length;
      batch = [];
    }
  }
  await h.write(batch);
  points += batch.length;
  await h.close();
  return { points, seconds: Math.round(performance.now() - t0) / 1000 };
}

/** The gateway alone (no PLC answers: its PLC ports are closed) over `dataDir`, serving the built HMI. */
async function startGateway(dataDir: string, passwordFile: string) {
  const [port, ...plcPorts] = await Promise.all(Array.from({ length: 4 }, () => freePort()));
  const plcs = ['PLC-100', 'PLC-200', 'PLC-300'].flatMap((id, i) => [
    '--plc',
    `${id}=127.0.0.1:${plcPorts[i]}`,
  ]);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'apps', 'gateway', 'src', 'main.ts'),
      '--port',
      String(port),
      '--data-dir',
      dataDir,
      '--admin-password-file',
      passwordFile,
      '--log-level',
      'warn',
      ...plcs,
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ZLD_ADMIN_PASSWORD: '' },
    },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const killer = () => child.kill('SIGKILL');
  process.once('exit', killer);
  await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`the gateway exited: ${out}`);
      return out.includes('ZLD gateway on');
    },
    { timeoutMs: 60_000, intervalMs: 100, what: 'the gateway' },
  );
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
      process.off('exit', killer);
    },
  };
}

/** In the page: resolves with performance.now() once the chart shows every pen's line drawn from data. */
const DRAWN = (pens: number) => {
  const chart = document.querySelector('[data-testid="trend-chart"]');
  if (!chart || Number(chart.getAttribute('data-rows')) === 0) return false;
  const lines = [...chart.querySelectorAll('.recharts-line path.recharts-curve')];
  return lines.length === pens && lines.every((l) => (l.getAttribute('d') ?? '').length > 100)
    ? performance.now()
    : false;
};

async function main(): Promise<void> {
  const result: Record<string, unknown> = {
    bench: 'hmi',
    startedAt: new Date().toISOString(),
    note: 'Times from a shared machine: compare runs made under similar load averages.',
    loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
  };
  await buildHmiOnce();
  result['pageWeight'] = await pageWeight();
  if (noChromium) {
    result['trend'] = { skipped: 'Chromium is not installed' };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }

  const dir = await mkdtemp(join(tmpdir(), 'zld-hmi-bench-'));
  const dataDir = join(dir, 'data');
  const passwordFile = join(dir, 'admin-password');
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  const to = Date.now();
  const from = to - days * 86_400_000;
  try {
    log(`seeding ${days} days x ${PENS.length} tags, a sample every ${everyS} s`);
    const seeded = await seed(dataDir, to);
    log(`seeded ${seeded.points} points in ${seeded.seconds} s; starting the gateway`);
    const gateway = await startGateway(dataDir, passwordFile);
    const chromium = await launchChromium();
    try {
      const hmi = await openHmi(chromium.browser, gateway.url);
      const { page } = hmi;
      await logIn(page, 'admin', PASSWORD);
      const route = `#/trends?pens=${PENS.join(',')}&from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
      const fullLoad: { drawnMs: number; historyRequestMs: number; rows: number }[] = [];
      for (let i = 0; i < runs; i++) {
        await page.goto('about:blank');
        await page.goto(`${gateway.url}/${route}`);
        const drawn = await (
          await page.waitForFunction(DRAWN, PENS.length, { polling: 'raf', timeout: 120_000 })
        ).jsonValue();
        const timing = await page.evaluate(() => {
          const h = performance
            .getEntriesByType('resource')
            .find((e) => e.name.includes('/api/history?'));
          return {
            historyRequestMs: h ? h.duration : NaN,
            rows: Number(
              document.querySelector('[data-testid="trend-chart"]')?.getAttribute('data-rows'),
            ),
          };
        });
        fullLoad.push({
          drawnMs: round(drawn as number),
          historyRequestMs: round(timing.historyRequestMs),
          rows: timing.rows,
        });
        log(`page load run ${i + 1}: drawn after ${round(drawn as number)} ms`);
      }
      // The same trend opened from another display of a running HMI (no page load).
      const inApp: number[] = [];
      for (let i = 0; i < runs; i++) {
        await page.evaluate(() => {
          location.hash = '#/overview';
        });
        await page.locator('.shell[data-display="overview"]').waitFor();
        const t0 = await page.evaluate((r) => {
          const t = performance.now();
          location.hash = r;
          return t;
        }, route);
        const drawn = await (
          await page.waitForFunction(DRAWN, PENS.length, { polling: 'raf', timeout: 120_000 })
        ).jsonValue();
        const ms = (drawn as number) - t0;
        inApp.push(round(ms));
      }
      result['trend'] = {
        pens: PENS,
        days,
        sampleEverySeconds: everyS,
        pointsSeeded: seeded.points,
        seedSeconds: seeded.seconds,
        window: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
        rowsDrawn: fullLoad[0]?.rows,
        pageLoadToDrawnMs: {
          runs: fullLoad.map((r) => r.drawnMs),
          first: fullLoad[0]?.drawnMs,
          median: median(fullLoad.map((r) => r.drawnMs)),
        },
        historyRequestMs: {
          runs: fullLoad.map((r) => r.historyRequestMs),
          median: median(fullLoad.map((r) => r.historyRequestMs)),
        },
        fromAnotherDisplayMs: { runs: inApp, median: median(inApp) },
        measured:
          'pageLoadToDrawnMs: from navigation start (a fresh page load of the shareable URL, logged in by cookie; ' +
          'the browser cache is warm after the first run) to the frame where all 8 recharts lines are drawn. ' +
          'fromAnotherDisplayMs: from switching the route in a running HMI to that frame.',
      };
      await hmi.close();
    } finally {
      await chromium.close();
      await gateway.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  result['loadAverageAtEnd'] = loadavg().map((x) => Math.round(x * 100) / 100);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `hmi-bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
