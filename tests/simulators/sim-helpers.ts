// Shared set-up for the simulator tests: start the whole simulator on free loopback ports, HTTP, waiting, mbpoll.
import { execFile, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import type { Plant } from '@zld/plant';
import { loadPlant } from '@zld/protocols';
import {
  startSimulators,
  type RunningSimulators,
  type StartSimulatorsOptions,
} from '@zld/simulators';
import ModbusSerial from 'modbus-serial';

const run = promisify(execFile);

type ModbusClass = typeof ModbusSerial.default;
/** modbus-serial is CommonJS: its default import is the client class, which its typings call `.default`. */
const ModbusRTU: ModbusClass =
  (ModbusSerial as unknown as { default?: ModbusClass }).default ??
  (ModbusSerial as unknown as ModbusClass);
export type ModbusClient = InstanceType<ModbusClass>;

/** A modbus-serial client connected to a loopback port. */
export async function modbusClient(
  port: number,
  unitId = 1,
  timeoutMs = 2000,
): Promise<ModbusClient> {
  const c = new ModbusRTU();
  await c.connectTCP('127.0.0.1', { port });
  c.setID(unitId);
  c.setTimeout(timeoutMs);
  return c;
}

export function closeModbus(c: ModbusClient | undefined): Promise<void> {
  return new Promise((resolve) => (c ? c.close(() => resolve()) : resolve()));
}

export const plant: Plant = loadPlant();

/** The control API token of the simulators these tests start (`http` sends it unless told otherwise). */
export const CONTROL_TOKEN = 'simulator-tests-control-token';

/** Every PLC and the control API on free loopback ports. */
export function startTestSimulators(
  options: Omit<StartSimulatorsOptions, 'ports' | 'controlPort' | 'host'> = {},
): Promise<RunningSimulators> {
  return startSimulators({
    ...options,
    host: '127.0.0.1',
    controlPort: 0,
    controlToken: CONTROL_TOKEN,
    ports: Object.fromEntries(plant.plcs.map((p) => [p.id, 0])),
    log: () => undefined,
  });
}

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
}

/** A control API request; `token` null sends no Authorization header. */
export async function http<T = unknown>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = CONTROL_TOKEN,
): Promise<HttpAnswer<T>> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as T };
}

export interface SimStateBody {
  time: string;
  speed: number;
  stepS: number;
  tags: Record<string, number | boolean>;
  tanks: Record<string, unknown>;
  balance: Record<string, unknown>;
  plcs: { plcId: string; listening: boolean }[];
}

export async function simState(sim: RunningSimulators): Promise<SimStateBody> {
  return (await http<SimStateBody>(sim.controlUrl, 'GET', '/sim/state')).body;
}

/**
 * Runs the plant fast for a while (default 3 simulated minutes), then back at `speed`: readings lag the
 * truth by their sensor's time constant while the plant moves away from its start-up state.
 */
export async function settle(sim: RunningSimulators, speed = 1, simulatedS = 180): Promise<void> {
  const t0 = Date.parse((await simState(sim)).time);
  await http(sim.controlUrl, 'POST', '/sim/speed', { factor: 100 });
  await waitFor(
    'the plant to settle',
    async () => Date.parse((await simState(sim)).time) - t0 >= simulatedS * 1000,
    30_000,
  );
  await http(sim.controlUrl, 'POST', '/sim/speed', { factor: speed });
}

/** Polls `check` until it returns true (or throws the last failure after `timeoutMs`). */
export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 15_000,
  everyMs = 100,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Acceptable difference between a PLC's reading and the ground truth: sensor noise and lag, 2% of span. */
export function tolerance(tagName: string): number {
  const [lo, hi] = plant.tag(tagName).range;
  return 0.02 * (hi - lo) + 1e-3;
}

/** How far a reading is from the truth; a transmitter saturates at the ends of its span. */
export function readingError(tagName: string, reading: number, truth: number | boolean): number {
  const [lo, hi] = plant.tag(tagName).range;
  return Math.abs(reading - Math.min(hi, Math.max(lo, Number(truth))));
}

/**
 * Makes sure Debian's `mbpoll` is there: installs it with apt-get when missing (as root on Debian);
 * under CI=true a missing binary is a failure, never a skip.
 */
export function ensureMbpoll(): void {
  const found = spawnSync('mbpoll', ['-V'], { encoding: 'utf8' });
  if (!found.error) return;
  const ci = process.env.CI === 'true';
  const canInstall =
    process.getuid?.() === 0 && spawnSync('apt-get', ['--version']).error === undefined;
  if (ci || !canInstall)
    throw new Error(
      `mbpoll is not installed${ci ? ' (CI=true: a missing dependency fails)' : ''}; install it with "apt-get install -y mbpoll"`,
    );
  const r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'mbpoll'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (r.status !== 0) throw new Error('apt-get install -y mbpoll failed');
}

/** Runs mbpoll once against a loopback port; answers the values by (0-based) reference. */
export async function mbpoll(port: number, args: string[]): Promise<Map<number, number>> {
  const { stdout } = await run(
    'mbpoll',
    ['-m', 'tcp', '-a', '1', '-0', '-1', '-o', '2', '-p', String(port), ...args, '127.0.0.1'],
    { encoding: 'utf8', timeout: 10_000 },
  );
  const out = new Map<number, number>();
  for (const m of stdout.matchAll(/^\[(\d+)\]:\s+(-?[\d.]+(?:e[+-]?\d+)?|nan|-?inf)\s*$/gim))
    out.set(Number(m[1]), Number(m[2]));
  if (out.size === 0) throw new Error(`mbpoll gave no values:\n${stdout}`);
  return out;
}

/** mbpoll writing `values` from `ref` of the coil table once; resolves its exit code and output, never throws. */
export function mbpollWriteCoils(
  port: number,
  ref: number,
  values: number[],
): Promise<{ code: number; output: string }> {
  const args = ['-m', 'tcp', '-a', '1', '-0', '-1', '-o', '2', '-p', String(port)];
  args.push('-t', '0', '-r', String(ref), '127.0.0.1', ...values.map(String));
  return new Promise((resolve) =>
    execFile('mbpoll', args, { encoding: 'utf8', timeout: 10_000 }, (err, stdout, stderr) =>
      resolve({
        code: err ? Number((err as { code?: unknown }).code ?? 1) : 0,
        output: stdout + stderr,
      }),
    ),
  );
}

/** A free TCP port on 127.0.0.1 (for a child process that must be told its ports). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen({ host: '127.0.0.1', port: 0 }, () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}
