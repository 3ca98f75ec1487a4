// `npm run bench`: the gateway load run, then the side benches; prints one JSON object, saves it in results/, exits 1 on a failure.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_USAGE, parseBenchArgs, type BenchOptions } from './bench-options.js';
import { runGatewayLoad } from './gateway-load.js';
import type { GatewayLoadResult } from './load-result.js';
import { runSideBench, type SideBenchResult } from './side-bench.js';

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), 'results');
const log = (m: string) => process.stderr.write(`bench: ${m}\n`);
const load = () => loadavg().map((x) => Math.round(x * 100) / 100);

function machine() {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverageAtStart: load(),
  };
}

function withoutCredentials(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.toString();
}

async function run(o: BenchOptions): Promise<{ result: Record<string, unknown>; ok: boolean }> {
  const startedAt = new Date();
  const result: Record<string, unknown> = {
    bench: 'gateway-load',
    startedAt: startedAt.toISOString(),
    note:
      'Figures from a shared machine: other processes compete for the CPU, so rates, latencies and CPU ' +
      'vary from run to run; compare runs made under similar load averages.',
    machine: machine(),
    options: {
      seconds: o.seconds,
      warmupSeconds: o.warmupSeconds,
      tags: o.tags,
      plcs: o.plcs,
      periodMs: o.periodMs,
      clients: o.clients,
      historian: o.historian,
      // Without the user and password a URL may carry.
      influxUrl: o.influxUrl === null ? null : withoutCredentials(o.influxUrl),
      influxOutage:
        o.influxOutageAtS === null
          ? null
          : { atS: o.influxOutageAtS, seconds: o.influxOutageSeconds },
      drainBoundSeconds: o.drainBoundSeconds,
    },
  };
  const failures: string[] = [];
  let gateway: GatewayLoadResult | { error: string };
  try {
    gateway = await runGatewayLoad(o, log);
    for (const [name, passed] of Object.entries(gateway.checks)) if (!passed) failures.push(name);
  } catch (err) {
    gateway = { error: err instanceof Error ? err.message : String(err) };
    failures.push('gatewayLoadRun');
  }
  result['gateway'] = gateway;

  const side: [string, string, string[], string | null][] = [
    [
      'simulator',
      'simulators/src/bench/sim-bench.ts',
      ['--hours', '24'],
      o.skipSim ? '--skip-sim' : null,
    ],
    [
      'historianQueries',
      'packages/historian/bench/historian-bench.ts',
      ['--days', String(o.historianDays)],
      o.skipHistorian ? '--skip-historian' : null,
    ],
    ['hmi', 'tests/bench/hmi-bench.ts', [], null],
  ];
  for (const [key, script, args, skip] of side) {
    if (skip === null) log(`running ${script} (bound ${o.sideTimeoutSeconds} s)`);
    const r: SideBenchResult = await runSideBench(script, args, o.sideTimeoutSeconds, skip);
    result[key] = r;
    if ('error' in r) failures.push(key);
  }
  result['loadAverageAtEnd'] = load();
  result['finishedAt'] = new Date().toISOString();
  result['failures'] = failures;
  result['ok'] = failures.length === 0;
  return { result, ok: failures.length === 0 };
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${BENCH_USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${BENCH_USAGE}\n`);
    return 0;
  }
  const { result, ok } = await run(options);
  const text = JSON.stringify(result, null, 2);
  await mkdir(resultsDir, { recursive: true });
  const file = join(resultsDir, `${String(result['startedAt']).replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${text}\n`);
  process.stdout.write(`${text}\n`);
  log(`saved ${file}${ok ? '' : `; failed: ${(result['failures'] as string[]).join(', ')}`}`);
  return ok ? 0 : 1;
}

// Ctrl-C or a stop request: exit, which stops the children and removes the temporary folder.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    log(`${signal}: stopping`);
    process.exit(130);
  });

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
