// Test set-up: a virtual serial line, two pseudo-terminals joined by socat (`a` for the driver, `b` for the device).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SerialPair {
  /** The driver's end. */
  readonly a: string;
  /** The device's end. */
  readonly b: string;
  /** Stops socat and removes the links. */
  close(): Promise<void>;
}

/** Starts socat; resolves once both ends exist and it relays. */
export async function startSerialPair(): Promise<SerialPair> {
  const dir = await mkdtemp(join(tmpdir(), 'zld-serial-'));
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const child = spawn(
    'socat',
    ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // socat does not notice its parent going away: kill it when this process exits without closing it.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      process.off('exit', killOnExit);
      resolve();
    }),
  );
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  let log = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`socat not ready after 10 s:\n${log}`)),
        10_000,
      );
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`socat exited:\n${log}`));
      });
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        log += d;
        if (log.includes('starting data transfer loop') && existsSync(a) && existsSync(b)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  } catch (err) {
    await close();
    throw err;
  }
  return { a, b, close };
}
