// The worker-backed embedded store killed (SIGKILL) while writing: reopened, every committed point is there and exact.
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitFor } from '@zld/testkit';
import { comparable, reference } from './history-data.fixture.js';
import { CRASH_T0, CRASH_TAGS, crashSample } from './sqlite-crash.fixture.js';
import { SqliteHistorian } from './sqlite-historian.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zld-sqlite-crash-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('keeps every committed point of a SIGKILLed writer, and its rollups exact', async () => {
  const path = join(dir, 'history.sqlite');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./sqlite-child.fixture.ts', import.meta.url)), path],
    { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let committed = 0;
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    const all = [...d.toString().matchAll(/committed (\d+)\n/g)];
    const last = all[all.length - 1];
    if (last) committed = Number(last[1]);
  });
  const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_c, sig) => r(sig)));
  try {
    await waitFor(() => committed >= 3000 || child.exitCode !== null, {
      timeoutMs: 60_000,
      what: 'the child to commit 3000 samples per tag',
    });
    if (child.exitCode !== null) throw new Error(`the child process ended early:\n${stderr}`);
  } finally {
    child.kill('SIGKILL');
  }
  expect(await exited).toBe('SIGKILL');
  const seen = committed;

  // Killed with samples staged and every open interval's row unwritten.
  const db = new Database(path, { readonly: true });
  expect(db.prepare('SELECT value FROM meta').pluck().get()).toBe('lazy');
  db.close();

  const fast = await SqliteHistorian.open({ path });
  const raw = await SqliteHistorian.open({ path, queryRollups: false });
  try {
    const seqs = await fast.lastSeqs();
    const last = Math.min(...CRASH_TAGS.map((t) => seqs[t] ?? 0));
    expect(last).toBeGreaterThanOrEqual(seen);
    const stored = CRASH_TAGS.flatMap((name) =>
      Array.from({ length: seqs[name]! }, (_, i) => crashSample(name, i + 1)),
    );
    const end = CRASH_T0 + (Math.max(...Object.values(seqs)) + 1) * 250;
    // Every point, as written.
    for (const name of CRASH_TAGS) {
      const [s] = await fast.query({ tags: [name], from: CRASH_T0, to: end, maxPoints: 100_000 });
      expect(s?.mode === 'raw' && s.points).toEqual(stored.filter((p) => p.name === name));
    }
    // Rollup answers equal the raw path and the reference, for windows reaching past the last
    // sample (so the open intervals lie inside rollup parts, not in a raw edge).
    for (const [from, to, maxPoints] of [
      [CRASH_T0, CRASH_T0 + 86_400_000, 7],
      [CRASH_T0 + 1234, end + 3_600_000, 100],
      [end - 3_600_000, end + 60_000, 50],
      [end - 600_000, end + 30_000, 13],
    ] as const) {
      const q = { tags: CRASH_TAGS, from, to, maxPoints };
      const want = comparable(reference(stored, [...CRASH_TAGS], from, to, maxPoints));
      expect(comparable(await fast.query(q))).toEqual(want);
      expect(comparable(await raw.query(q))).toEqual(want);
    }
  } finally {
    await fast.close();
    await raw.close();
  }
}, 90_000);
