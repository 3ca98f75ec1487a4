// One holder at a time across processes: a lock directory (mkdir is atomic), taken over once it is older than `staleMs`.
import { mkdir, rmdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LockDirOptions {
  /** A lock older than this is taken to be left by a process that died, and removed. */
  staleMs: number;
  /** How often to try again while another process holds the lock. Default 500 ms. */
  pollMs?: number;
  /** The folder the lock directory is made in. Default the OS temp dir. */
  dir?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn` while holding the lock directory `name` (e.g. `zld-influxd-install.lock`), waiting for
 * other holders first, and removes the lock after, whether `fn` resolved or threw. Parallel test
 * processes use it to install or build something once.
 */
export async function withLockDir<T>(
  name: string,
  fn: () => Promise<T>,
  options: LockDirOptions,
): Promise<T> {
  const lock = join(options.dir ?? tmpdir(), name);
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > options.staleMs) await rmdir(lock).catch(() => undefined);
      await sleep(options.pollMs ?? 500);
    }
  }
  try {
    return await fn();
  } finally {
    await rmdir(lock).catch(() => undefined);
  }
}
