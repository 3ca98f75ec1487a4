// Test set-up: Debian's pymodbus (and socat) made available, and pymodbus servers run as child processes.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { ensureDebianPackage, type Availability } from '@zld/testkit';

/** Debian's interpreter: the one its python3-* packages install into (another python3 may come first on PATH). */
export const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./pymodbus_server.py', import.meta.url));

const CI = process.env.CI === 'true';
const pythonImports = (module: string) => (): boolean =>
  spawnSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
const runs = (cmd: string, args: string[]) => (): boolean =>
  spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

const NEEDED: [aptPackage: string, present: () => boolean][] = [
  ['python3-serial', pythonImports('serial')],
  ['python3-serial-asyncio', pythonImports('serial_asyncio')],
  ['python3-pymodbus', pythonImports('pymodbus.server')],
  ['socat', runs('socat', ['-V'])],
];

/**
 * pymodbus, pyserial and socat: present, or installed on Debian as root; under CI=true a missing one
 * throws (never a skip); elsewhere the answer says why the suites cannot run.
 */
export async function ensureForeignTools(): Promise<Availability> {
  for (const [aptPackage, present] of NEEDED) {
    const a = await ensureDebianPackage({
      aptPackage,
      present,
      ci: CI,
      lockName: `zld-${aptPackage}-install.lock`,
      missingUnderCi: `${aptPackage} is required under CI=true and is missing`,
      notDebianRoot: `${aptPackage} is missing and this is not Debian as root: apt-get install ${aptPackage}`,
      stillMissing: `apt-get install ${aptPackage} finished but it is still missing`,
    });
    if (!a.available) return a;
  }
  return { available: true };
}

export type ImageTable = 'holding' | 'input' | 'coil' | 'discrete';
export type ImageType = 'float32' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'bool';

export interface ImageEntry {
  table: ImageTable;
  address: number;
  type: ImageType;
  value: number | boolean;
}

export interface ServerImage {
  byteOrder?: 'big' | 'little';
  wordOrder?: 'big' | 'little';
  /** Entries by unit id. */
  units: Record<number, ImageEntry[]>;
}

export interface PymodbusOptions {
  image: ServerImage;
  /** TCP port on 127.0.0.1; 0 (default) lets the server pick a free one. */
  port?: number;
  /** `rtu`: RTU frames over TCP. */
  framer?: 'socket' | 'rtu';
  /** Serve RTU on this serial device instead of TCP. */
  serial?: { path: string; baudRate: number; parity: 'none' | 'even' | 'odd'; stopBits: 1 | 2 };
}

export interface PymodbusServer {
  /** The TCP port it listens on (0 on a serial line). */
  readonly port: number;
  /** What the server holds, by unit id and `table:address`, as pymodbus decodes it. */
  readonly holds: Record<string, Record<string, number | boolean>>;
  readonly exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL if it has not exited within 3 s; resolves when it has exited. */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
/** Kills every server still running (for afterAll, also after a failed test). */
export async function stopAllPymodbus(): Promise<void> {
  await Promise.all([...live].map((c) => stopChild(c)));
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

const PARITY = { none: 'N', even: 'E', odd: 'O' } as const;

/** Starts pymodbus with the image; resolves once it listens (or its serial port is open). */
export function startPymodbus(options: PymodbusOptions): Promise<PymodbusServer> {
  const args = [SCRIPT, '--image', JSON.stringify(options.image)];
  if (options.serial) {
    const s = options.serial;
    args.push('--serial', s.path, '--baudrate', String(s.baudRate));
    args.push('--parity', PARITY[s.parity], '--stopbits', String(s.stopBits));
  } else {
    args.push('--port', String(options.port ?? 0), '--framer', options.framer ?? 'socket');
  }
  // stdin stays a pipe: the server exits when it closes, so it never outlives the test process.
  const child = spawn(PYTHON, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  live.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    }),
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr = (stderr + d).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    let holds: PymodbusServer['holds'] = {};
    const timer = setTimeout(() => {
      void stopChild(child);
      reject(new Error(`pymodbus server not ready after 15 s:\n${stderr}`));
    }, 15_000);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`pymodbus server exited (${code}) before it was ready:\n${stderr}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('HOLDS ')) holds = JSON.parse(line.slice(6)) as typeof holds;
      const ready = /^READY (\d+)$/.exec(line);
      if (!ready) return;
      clearTimeout(timer);
      resolve({ port: Number(ready[1]), holds, exited, stop: () => stopChild(child) });
    });
  });
}
