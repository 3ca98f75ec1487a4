import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withLockDir } from './lock-dir.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zld-testkit-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('withLockDir', () => {
  it('lets one holder in at a time and removes the lock after', async () => {
    const order: string[] = [];
    let inside = 0;
    let most = 0;
    const job = (name: string) =>
      withLockDir(
        'job.lock',
        async () => {
          inside++;
          most = Math.max(most, inside);
          order.push(`${name} in`);
          await sleep(30);
          order.push(`${name} out`);
          inside--;
          return name;
        },
        { staleMs: 60_000, pollMs: 10, dir },
      );
    expect(await Promise.all([job('a'), job('b'), job('c')])).toEqual(['a', 'b', 'c']);
    expect(most).toBe(1);
    expect(order).toHaveLength(6);
    expect(existsSync(join(dir, 'job.lock'))).toBe(false);
  });

  it('removes the lock when the work throws, and passes the error on', async () => {
    await expect(
      withLockDir('job.lock', () => Promise.reject(new Error('boom')), { staleMs: 60_000, dir }),
    ).rejects.toThrow('boom');
    expect(existsSync(join(dir, 'job.lock'))).toBe(false);
  });

  it('takes over a lock older than staleMs (left by a process that died)', async () => {
    const lock = join(dir, 'job.lock');
    await mkdir(lock);
    const old = new Date(Date.now() - 10 * 60_000);
    await utimes(lock, old, old);
    expect(
      await withLockDir('job.lock', async () => 'ran', { staleMs: 60_000, pollMs: 10, dir }),
    ).toBe('ran');
  });

  it('waits for a fresh lock held by another process', async () => {
    const lock = join(dir, 'job.lock');
    await mkdir(lock);
    let ran = false;
    const done = withLockDir('job.lock', async () => (ran = true), {
      staleMs: 60_000,
      pollMs: 10,
      dir,
    });
    await sleep(80);
    expect(ran).toBe(false);
    await rm(lock, { recursive: true });
    await done;
    expect(ran).toBe(true);
  });

  it('fails instead of waiting forever when the lock cannot be made at all', async () => {
    await expect(
      withLockDir('job.lock', async () => 'ran', { staleMs: 60_000, dir: join(dir, 'missing') }),
    ).rejects.toThrow(/ENOENT/);
  });
});
