// Runs a private InfluxDB 1.x server (influxd) on free loopback ports with its own temp dirs: tests and benchmarks.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export interface InfluxdOptions {
  /** The influxd executable, looked up on PATH by default. */
  binary?: string;
  /** How long to wait for /ping after a start. Default 30 s. */
  startTimeoutMs?: number;
}

/** True when the influxd executable can be run. */
export function influxdInstalled(binary = 'influxd'): boolean {
  const r = spawnSync(binary, ['version'], { stdio: 'ignore', timeout: 10_000 });
  return r.error === undefined && r.status === 0;
}

const toml = (s: string): string => JSON.stringify(s);

function config(dir: string, httpPort: number, rpcPort: number): string {
  return [
    'reporting-disabled = true',
    `bind-address = ${toml(`127.0.0.1:${rpcPort}`)}`,
    '[meta]',
    `  dir = ${toml(join(dir, 'meta'))}`,
    '  logging-enabled = false',
    '[data]',
    `  dir = ${toml(join(dir, 'data'))}`,
    `  wal-dir = ${toml(join(dir, 'wal'))}`,
    '  query-log-enabled = false',
    '[http]',
    '  enabled = true',
    `  bind-address = ${toml(`127.0.0.1:${httpPort}`)}`,
    '  log-enabled = false',
    '  pprof-enabled = false',
    '[monitor]',
    '  store-enabled = false',
    '[subscriber]',
    '  enabled = false',
    '[continuous_queries]',
    '  enabled = false',
    '[logging]',
    '  level = "warn"',
    '',
  ].join('\n');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class InfluxdProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    readonly dir: string,
    readonly httpPort: number,
    readonly rpcPort: number,
    private readonly opts: InfluxdOptions,
  ) {}

  /** Creates a temp dir and config on two free loopback ports, and starts the server. */
  static async start(opts: InfluxdOptions = {}): Promise<InfluxdProcess> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const dir = await mkdtemp(join(tmpdir(), 'zld-influxd-'));
      const [httpPort, rpcPort] = [await freePort(), await freePort()];
      const p = new InfluxdProcess(dir, httpPort, rpcPort, opts);
      await mkdir(join(dir, 'meta'), { recursive: true });
      await writeFile(join(dir, 'influxd.conf'), config(dir, httpPort, rpcPort));
      try {
        await p.start();
        return p;
      } catch (err) {
        lastError = err; // most likely a port taken in between: try other ports
        await p.dispose();
      }
    }
    throw lastError;
  }

  /** The server's base URL, e.g. http://127.0.0.1:41234. */
  get url(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  /** A historian URL for a database on this server. */
  databaseUrl(database: string, params = ''): string {
    return `${this.url}/${database}${params}`;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts (or restarts) the server on the same dirs and ports, and waits until /ping answers. */
  async start(): Promise<void> {
    if (this.child) return;
    const log = createWriteStream(join(this.dir, 'influxd.log'), { flags: 'a' });
    const child = spawn(
      this.opts.binary ?? 'influxd',
      ['run', '-config', join(this.dir, 'influxd.conf')],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.child = child;
    // Never outlive the process that started it (a test worker that exits without cleaning up).
    const orphanGuard = () => child.kill('SIGKILL');
    process.once('exit', orphanGuard);
    this.exited = new Promise((resolve) => {
      child.once('exit', () => {
        process.removeListener('exit', orphanGuard);
        if (this.child === child) this.child = null;
        resolve();
      });
      child.once('error', () => {
        if (this.child === child) this.child = null;
        resolve();
      });
    });
    const deadline = Date.now() + (this.opts.startTimeoutMs ?? 30_000);
    while (Date.now() < deadline) {
      if (this.child !== child)
        throw new Error(`influxd exited at start:\n${await this.logTail()}`);
      if (await this.ping()) return;
      await sleep(50);
    }
    await this.kill();
    throw new Error(`influxd did not answer /ping in time:\n${await this.logTail()}`);
  }

  /** Stops the server with SIGTERM (SIGKILL after 10 s) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** Kills the server at once (SIGKILL), as a power loss would. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGKILL');
    await this.exited;
  }

  /** Stops the server and removes its dirs. */
  async dispose(): Promise<void> {
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }

  /** True when GET /ping answers 204. */
  async ping(): Promise<boolean> {
    try {
      const res = await fetch(`${this.url}/ping`, { signal: AbortSignal.timeout(1000) });
      return res.status === 204;
    } catch {
      return false;
    }
  }

  private async logTail(): Promise<string> {
    const text = await readFile(join(this.dir, 'influxd.log'), 'utf8').catch(() => '');
    return text.split('\n').slice(-20).join('\n');
  }
}
