// `npm run sim` as a process: flags choose the ports, it prints where each PLC listens, SIGTERM stops it with 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort, http, waitFor, type SimStateBody } from './sim-helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * `npm run sim` runs `tsx src/main.ts`. The test runs the same entry with tsx as a loader in one node
 * process: the tsx command line relays a signal to its child and kills it when the child has not
 * acknowledged within a few tens of milliseconds, which a loaded test machine can miss.
 */
const sim = (args: string[]) => {
  const env: NodeJS.ProcessEnv = { ...process.env, SIM_SPEED: '10' };
  delete env.SIM_CONTROL_TOKEN;
  return spawn(process.execPath, ['--import', 'tsx', 'simulators/src/main.ts', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
};

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

describe('npm run sim', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('starts every PLC on the ports given, serves the control API with a printed token, and stops cleanly on SIGTERM', async () => {
    const ports = {
      control: await freeLoopbackPort(),
      'PLC-100': await freeLoopbackPort(),
      'PLC-200': await freeLoopbackPort(),
      'PLC-300': await freeLoopbackPort(),
    };
    child = sim([
      '--control-port',
      String(ports.control),
      '--port',
      `PLC-100=${ports['PLC-100']}`,
      '--port',
      `PLC-200=${ports['PLC-200']}`,
      '--port',
      `PLC-300=${ports['PLC-300']}`,
    ]);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child!.once('exit', (code) => resolve(code)),
    );

    await waitFor('the control API token line', () => out.includes('control API token'), 60_000);
    expect(out).toContain(`PLC-100 Modbus modbus-tcp://127.0.0.1:${ports['PLC-100']}/1`);
    expect(out).toContain(`PLC-200 OPC UA opc.tcp://127.0.0.1:${ports['PLC-200']}`);
    expect(out).toContain(`PLC-300 Modbus modbus-tcp://127.0.0.1:${ports['PLC-300']}/1`);
    // No SIM_CONTROL_TOKEN: a token is generated and printed; without it the API answers 401.
    const token = /control API token (\S+)/.exec(out)?.[1];
    expect(token?.length).toBeGreaterThanOrEqual(16);
    const base = `http://127.0.0.1:${ports.control}`;
    expect((await http(base, 'GET', '/sim/state', undefined, null)).status).toBe(401);
    expect((await http(base, 'GET', '/sim/state', undefined, `${token}x`)).status).toBe(401);
    const state = await http<SimStateBody>(base, 'GET', '/sim/state', undefined, token!);
    expect(state.status).toBe(200);
    expect(state.body.speed).toBe(10);
    for (const p of [ports['PLC-100'], ports['PLC-200'], ports['PLC-300']])
      expect(await listening(p)).toBe(true);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const p of Object.values(ports)) expect(await listening(p)).toBe(false);
  });

  it('refuses a bad flag value with a plain message and exit code 2', async () => {
    const p = sim(['--speed', 'fast']);
    let err = '';
    p.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => p.once('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(err).toMatch(/--speed: expected a number/);
  });
});
