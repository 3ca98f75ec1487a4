// `npm start` (scripts/start.mjs) as a user runs it: simulators and gateway start, the URL and the login are printed, the login works, Ctrl-C stops both.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitFor } from '@zld/testkit';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = join(root, 'scripts', 'start.mjs');

function start(args: string[]): { child: ChildProcess; output: () => string } {
  const env = { ...process.env };
  delete env.ZLD_ADMIN_PASSWORD;
  delete env.GATEWAY_PORT;
  delete env.SIM_CONTROL_PORT;
  delete env.SIM_CONTROL_TOKEN;
  const child = spawn(process.execPath, [script, ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

describe('npm start', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zld-start-'));
    await mkdir(join(dir, 'hmi'));
    await writeFile(join(dir, 'hmi', 'index.html'), '<!doctype html><title>ZLD SCADA</title>');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the line, prints the URL and a first admin password that logs in, and stops on Ctrl-C', async () => {
    const [gw, control, p100, p200, p300] = await Promise.all(
      Array.from({ length: 5 }, () => freePort()),
    );
    const url = `http://127.0.0.1:${gw}`;
    const { child, output } = start([
      '--port',
      String(gw),
      '--control-port',
      String(control),
      '--port',
      `PLC-100=${p100}`,
      '--port',
      `PLC-200=${p200}`,
      '--port',
      `PLC-300=${p300}`,
      '--speed',
      '2',
      '--data-dir',
      join(dir, 'data'),
      '--hmi-dir',
      join(dir, 'hmi'),
      '--log-level',
      'warn',
    ]);
    try {
      await waitFor(
        () => {
          if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${output()}`);
          return output().includes(`The ZLD pilot line is running. Open ${url} in a browser`);
        },
        { timeoutMs: 90_000, intervalMs: 200, what: 'the start message' },
      );
      const password = /Log in as "admin" with the password (\S+)/.exec(output())?.[1];
      expect(password, output()).toBeDefined();
      expect(output()).toContain(`HMI: open ${url}/`);

      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(login.status).toBe(200);
      expect(await (await fetch(`${url}/`)).text()).toContain('<title>ZLD SCADA</title>');
      // The gateway found every simulated PLC where the split flags put it.
      await waitFor(
        async () =>
          ((await (await fetch(`${url}/healthz`)).json()) as { status: string }).status === 'ok',
        { timeoutMs: 30_000, intervalMs: 250, what: 'every PLC connected' },
      );
      // The simulators printed the control API token they generated; without it the API answers 401.
      const token = /control API token (\S+)/.exec(output())?.[1];
      expect(token, output()).toBeDefined();
      expect((await fetch(`http://127.0.0.1:${control}/sim/state`)).status).toBe(401);
      const authorization = `Bearer ${token}`;
      const state = await fetch(`http://127.0.0.1:${control}/sim/state`, {
        headers: { authorization },
      });
      expect(state.status).toBe(200);

      const done = exited(child);
      child.kill('SIGINT');
      expect(await done, output()).toBe(0);
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
      await expect(fetch(`http://127.0.0.1:${control}/sim/state`)).rejects.toThrow();
      expect(output().match(/Log in as "admin" with the password \S+/g)).toHaveLength(1);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 180_000);

  it('refuses an unknown flag with its usage, exit code 2', async () => {
    const { child, output } = start(['--colour', 'red']);
    expect(await exited(child)).toBe(2);
    expect(output()).toMatch(/Unknown option '--colour'/);
    expect(output()).toContain('Usage: npm start');
  }, 30_000);
});
