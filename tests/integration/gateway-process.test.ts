// `npm run gateway` as its own process: listens, prints the first admin password once, refuses bad starts, stops cleanly on SIGTERM and SIGINT.
import type { HealthDto } from '@zld/api';
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitFor } from '@zld/testkit';
import { startTestSimulators, type TestSimulators } from '../helpers/simulators.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entry = join(root, 'apps', 'gateway', 'src', 'main.ts');
/**
 * `npm run gateway` is `tsx src/main.ts`; here node runs the entry with tsx as its loader, so the
 * signal reaches the gateway itself (the tsx CLI relays signals to a child process of its own, and
 * kills it when the child does not acknowledge within 30 ms, which a loaded test machine can miss).
 */
const node = (args: string[], env: Record<string, string> = {}) => {
  const base = { ...process.env };
  delete base.ZLD_ADMIN_PASSWORD;
  return spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...base, ...env },
  });
};

describe('the gateway process', () => {
  let sims: TestSimulators;
  let dataDir: string;

  beforeAll(async () => {
    sims = await startTestSimulators({ speed: 1 });
    dataDir = await mkdtemp(join(tmpdir(), 'zld-gw-data-'));
  }, 60_000);
  afterAll(async () => {
    await sims?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
    const port = await freePort();
    const args = [
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--data-dir',
      dataDir,
      '--log-level',
      'warn',
    ];
    for (const [id, ep] of Object.entries(sims.plcEndpoints))
      args.push(
        '--plc',
        'endpointUrl' in ep ? `${id}=${ep.endpointUrl}` : `${id}=${ep.host}:${ep.port}`,
      );
    const child = node(args);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const url = `http://127.0.0.1:${port}`;
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${out}`);
        return (await fetch(`${url}/healthz`)).ok;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'the gateway to answer /healthz' },
    );
    return { child, url, output: () => out };
  }

  const exited = (child: ChildProcess) =>
    new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );

  let starts = 0;
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'serves the plant, then stops cleanly on %s',
    async (signal) => {
      const { child, url, output } = await start();
      starts++;
      await waitFor(
        async () => ((await (await fetch(`${url}/healthz`)).json()) as HealthDto).status === 'ok',
        {
          timeoutMs: 10_000,
          what: 'every PLC connected',
        },
      );
      expect(output()).toMatch(/ZLD gateway on http:\/\/127\.0\.0\.1:\d+/);
      // The first start on a data dir creates `admin` and prints its password, once.
      const password = /Log in as "admin" with the password (\S+)/.exec(output())?.[1];
      if (starts === 1) {
        expect(password, output()).toBeDefined();
        const login = await fetch(`${url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password }),
        });
        expect(login.status).toBe(200);
      } else expect(password, output()).toBeUndefined();
      expect((await fetch(`${url}/api/tags`)).status).toBe(401);
      const done = exited(child);
      child.kill(signal);
      const { code } = await done;
      expect(code, output()).toBe(0);
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    },
    120_000,
  );

  it('refuses to start in production with a demo admin password, or without a given HMI, exit code 1', async () => {
    const demo = node(['--production', '--data-dir', join(dataDir, 'production'), '--port', '0'], {
      ZLD_ADMIN_PASSWORD: 'admin',
    });
    let out = '';
    demo.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    expect(await exited(demo)).toMatchObject({ code: 1 });
    expect(out).toMatch(/production start refused: the admin password \(ZLD_ADMIN_PASSWORD\)/);

    const noHmi = node(['--hmi-dir', join(dataDir, 'no-such-hmi'), '--port', '0']);
    let err = '';
    noHmi.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    expect(await exited(noHmi)).toMatchObject({ code: 1 });
    expect(err).toMatch(/--hmi-dir: .*no-such-hmi holds no index\.html/);
  }, 60_000);

  it('refuses a bad configuration with every problem listed, exit code 2', async () => {
    const child = node(['--port', 'x', '--clock', 'sundial']);
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const { code } = await exited(child);
    expect(code).toBe(2);
    expect(err).toMatch(/port: "x"/);
    expect(err).toMatch(/clock: "sundial"/);
  }, 60_000);
});
