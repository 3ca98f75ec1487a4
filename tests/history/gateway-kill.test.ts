// The store-and-forward buffer survives a SIGKILL of the gateway: after a restart its points reach InfluxDB.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitFor } from '@zld/testkit';
import { noInfluxd, startInfluxd, type InfluxdProcess } from '@zld/testkit/influxd-suite';
import { startTestSimulators, type TestSimulators } from '../helpers/simulators.js';
import { influxSamples } from './history-gateway.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entry = join(root, 'tests', 'history', 'gateway-child.ts');

interface Child {
  process: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
}

describe.skipIf(noInfluxd)('a gateway killed while InfluxDB is down', () => {
  let sims: TestSimulators;
  let influx: InfluxdProcess;
  let dataDir: string;
  const children: Child[] = [];

  beforeAll(async () => {
    sims = await startTestSimulators({ speed: 1 });
    influx = await startInfluxd();
    dataDir = await mkdtemp(join(tmpdir(), 'zld-history-kill-'));
  }, 60_000);
  afterAll(async () => {
    for (const c of children) c.process.kill('SIGKILL');
    await sims?.stop();
    await influx?.dispose();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function startGateway(): Promise<Child> {
    const port = await freePort();
    const args = ['--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir];
    args.push('--influx-url', influx.databaseUrl('zld'), '--log-level', 'warn');
    for (const [id, ep] of Object.entries(sims.plcEndpoints))
      args.push(
        '--plc',
        'endpointUrl' in ep ? `${id}=${ep.endpointUrl}` : `${id}=${ep.host}:${ep.port}`,
      );
    // One process (node with tsx as its loader), so that SIGKILL kills the gateway itself and not a
    // wrapper that would leave it running.
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
      child.once('exit', (code, signal) => r({ code, signal })),
    );
    const c: Child = { process: child, url: `http://127.0.0.1:${port}`, exited, output: () => out };
    children.push(c);
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${out}`);
        return (await fetch(`${c.url}/healthz`)).ok;
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'the gateway to answer /healthz' },
    );
    return c;
  }

  async function metric(c: Child, name: string): Promise<number> {
    const text = await (await fetch(`${c.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    if (line === undefined) throw new Error(`no metric ${name}`);
    return Number(line.split(' ')[1]);
  }

  it('delivers every point it had buffered on disk, once and in order, after a restart', async () => {
    await influx.stop();
    const first = await startGateway();
    // It historizes the plant into its disk buffer, InfluxDB being down.
    await waitFor(async () => (await metric(first, 'zld_historian_points_written_total')) >= 300, {
      timeoutMs: 30_000,
      intervalMs: 200,
      what: 'the first gateway to buffer 300 points',
    });
    expect(await metric(first, 'zld_historian_up')).toBe(0);
    const committed = await metric(first, 'zld_historian_points_written_total');
    first.process.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const killedAt = Date.now();

    // Restarted on the same data dir, still without InfluxDB: the buffer is there.
    const second = await startGateway();
    expect(await metric(second, 'zld_historian_backlog_points')).toBeGreaterThanOrEqual(committed);

    await influx.start();
    await waitFor(
      async () =>
        (await metric(second, 'zld_historian_backfill_points')) === 0 &&
        (await metric(second, 'zld_historian_forwarded_total')) >= committed,
      { timeoutMs: 60_000, intervalMs: 250, what: 'the buffered points to reach InfluxDB' },
    );
    second.process.kill('SIGTERM');
    expect((await second.exited).code, second.output()).toBe(0);

    const stored = await influxSamples(influx.url, 'zld');
    const problems: string[] = [];
    let beforeKill = 0;
    for (const [tag, samples] of stored) {
      // Numbering continued across the kill: 1, 2, 3 ... in time order, none missing or twice.
      const bad = samples.findIndex((s, i) => s.seq !== i + 1);
      if (bad >= 0) problems.push(`${tag}: #${bad + 1} has seq ${samples[bad]!.seq}`);
      beforeKill += samples.filter((s) => s.gatewayTs < killedAt).length;
    }
    expect(problems).toEqual([]);
    expect(stored.size).toBeGreaterThan(100);
    expect(beforeKill).toBeGreaterThanOrEqual(committed);
  }, 180_000);
});
