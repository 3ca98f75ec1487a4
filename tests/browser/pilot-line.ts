// The whole pilot line as `npm start` runs it (scripts/start.mjs) on free loopback ports, with an API client for set-up and checks.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, waitFor, withLockDir } from '@zld/testkit';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ADMIN_PASSWORD = 'browser suite admin secret 7';

export interface ApiAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface PilotLine {
  /** The gateway, `http://127.0.0.1:<port>`. */
  url: string;
  /** The simulator control API, `http://127.0.0.1:<port>`. */
  controlUrl: string;
  /** Its bearer token (`control` sends it). */
  controlToken: string;
  dataDir: string;
  /** Everything the line printed so far. */
  output(): string;
  /** A JSON request to the gateway; `token` authenticates it. */
  api(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown },
  ): Promise<ApiAnswer>;
  /** A JSON request to the simulator control API. */
  control(method: string, path: string, body?: unknown): Promise<ApiAnswer>;
  /** A bearer token of a fresh session of `username`. */
  login(username: string, password: string): Promise<string>;
  /** Adds a user through the admin API (as admin). */
  addUser(username: string, password: string, role: string): Promise<void>;
  /**
   * Kills the gateway process alone (SIGKILL: its sockets drop at once, it says nothing more to its clients);
   * the line then stops its simulators and exits.
   */
  killGateway(): void;
  /** Ctrl-C: stops simulators and gateway and waits for the exit; the exit code. */
  stop(): Promise<number | null>;
}

export interface PilotLineOptions {
  /** Simulated seconds per real second (default 10). */
  speed?: number;
}

async function json(res: Response): Promise<ApiAnswer> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body };
}

/** The processes whose parent is `pid` and whose command line contains `entry` (Linux `/proc`). */
function childrenRunning(pid: number, entry: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid && readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(entry))
        out.push(Number(name));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Whether apps/hmi/dist is missing or older than the sources it is built from (the test start.mjs makes). */
export function hmiStale(): boolean {
  const bundle = join(ROOT, 'apps', 'hmi', 'dist', 'index.html');
  return (
    !existsSync(bundle) ||
    statSync(bundle).mtimeMs <
      Math.max(
        newest(join(ROOT, 'apps', 'hmi', 'src')),
        newest(join(ROOT, 'packages', 'api', 'src')),
      )
  );
}

/**
 * Builds the HMI when stale, once for all test files running in parallel (a lock directory in the temp dir):
 * otherwise each line's start.mjs would rebuild it, and vite empties dist/ under a gateway already serving it.
 */
export async function buildHmiOnce(): Promise<void> {
  if (!hmiStale()) return;
  await withLockDir(
    'zld-hmi-build.lock',
    async () => {
      if (hmiStale())
        await promisify(execFile)('npm', ['run', 'build', '-w', '@zld/hmi'], {
          cwd: ROOT,
          timeout: 5 * 60_000,
          maxBuffer: 16 * 1024 * 1024,
        });
    },
    { staleMs: 5 * 60_000, pollMs: 250 },
  );
}

/** Starts the line and resolves once the gateway serves the HMI and every PLC is connected. */
export async function startPilotLine(options: PilotLineOptions = {}): Promise<PilotLine> {
  await buildHmiOnce();
  const dir = await mkdtemp(join(tmpdir(), 'zld-browser-line-'));
  const passwordFile = join(dir, 'admin-password');
  await writeFile(passwordFile, ADMIN_PASSWORD + '\n', { mode: 0o600 });
  const [gw, control, p100, p200, p300] = await Promise.all(
    Array.from({ length: 5 }, () => freePort()),
  );
  const url = `http://127.0.0.1:${gw}`;
  const controlUrl = `http://127.0.0.1:${control}`;
  const dataDir = join(dir, 'data');
  const controlToken = randomBytes(24).toString('base64url');
  const env: NodeJS.ProcessEnv = { ...process.env, SIM_CONTROL_TOKEN: controlToken };
  for (const name of [
    'ZLD_ADMIN_PASSWORD',
    'GATEWAY_PORT',
    'SIM_CONTROL_PORT',
    'SIM_SPEED',
    'INFLUX_URL',
    'ZLD_CLOCK',
  ])
    delete env[name];
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(ROOT, 'scripts', 'start.mjs'),
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
      String(options.speed ?? 10),
      '--data-dir',
      dataDir,
      '--admin-password-file',
      passwordFile,
      '--log-level',
      'warn',
    ],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );

  const api: PilotLine['api'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = {};
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    return json(
      await fetch(url + path, {
        method,
        headers,
        ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
      }),
    );
  };
  const control_: PilotLine['control'] = async (method, path, body) =>
    json(
      await fetch(controlUrl + path, {
        method,
        headers: {
          authorization: `Bearer ${controlToken}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
    );
  const login: PilotLine['login'] = async (username, password) => {
    const r = await api('POST', '/api/auth/login', { body: { username, password } });
    if (r.status !== 200)
      throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return (r.body as { token: string }).token;
  };
  let adminToken: string | undefined;
  let stopped: Promise<number | null> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(kill);
      await rm(dir, { recursive: true, force: true });
      return code;
    })();
    return stopped;
  };

  try {
    await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`the line exited (${child.exitCode}): ${out}`);
        return out.includes(`The ZLD pilot line is running. Open ${url}`);
      },
      { timeoutMs: 120_000, intervalMs: 200, what: 'the line to start' },
    );
    await waitFor(
      async () =>
        ((await (await fetch(`${url}/healthz`)).json()) as { status: string }).status === 'ok',
      { timeoutMs: 30_000, intervalMs: 250, what: 'every PLC connected' },
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    controlUrl,
    controlToken,
    dataDir,
    output: () => out,
    api,
    control: control_,
    login,
    async addUser(username, password, role) {
      adminToken ??= await login('admin', ADMIN_PASSWORD);
      const r = await api('POST', '/api/users', {
        token: adminToken,
        body: { username, password, role },
      });
      if (r.status !== 200 && r.status !== 201)
        throw new Error(`add user ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    },
    killGateway() {
      const pids = childrenRunning(child.pid!, join('apps', 'gateway', 'src', 'main.ts'));
      if (pids.length !== 1) throw new Error(`expected one gateway process, found ${pids.length}`);
      process.kill(pids[0]!, 'SIGKILL');
    },
    stop,
  };
}
