// `npm run audit -- verify` as a child process on a stopped gateway's data dir: 0 intact, 1 tampered, 2 usage.
import { ManualClock } from '@zld/tags';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAuditKey } from './audit-key.js';
import { AuditStore } from './audit-store.js';

const CLI = fileURLToPath(new URL('./audit-cli.ts', import.meta.url));
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zld-audit-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env };
delete env.ZLD_DATA_DIR;
delete env.ZLD_AUDIT_KEY_FILE;
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    encoding: 'utf8',
    env,
    timeout: 30_000,
  });

/** A data dir as a stopped gateway leaves it: audit.sqlite, audit.key (0600), audit-anchors.jsonl. */
function dataDir(records: number): void {
  const { key } = loadAuditKey({ dataDir: dir, production: true, create: true });
  const store = new AuditStore({
    path: join(dir, 'audit.sqlite'),
    anchorFile: join(dir, 'audit-anchors.jsonl'),
    key,
    clock: new ManualClock(Date.parse('2025-03-01T06:00:00Z')),
  });
  for (let i = 0; i < records; i++)
    store.record({ category: 'command', action: 'write', outcome: 'success', newValue: i });
  store.anchor();
  store.close();
}

describe('npm run audit -- verify', () => {
  it('exits 0 on an intact trail', () => {
    dataDir(30);
    const r = run('verify', '--data-dir', dir);
    expect(r.stdout).toMatch(/intact: 30 records \(head 30\), 1 anchor\(s\) checked/);
    expect(r.status).toBe(0);
  });

  it('exits 1, naming the first bad record, when the last 20 records were deleted', () => {
    dataDir(30);
    const db = new Database(join(dir, 'audit.sqlite'));
    db.exec('DROP TRIGGER audit_no_delete');
    db.exec('DELETE FROM audit WHERE seq > 10');
    db.close();
    const r = run('verify', '--data-dir', dir, '--json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, records: 10, firstBadSeq: 11 });
  });

  it('exits 1 with another key, 2 without a key or with bad arguments', () => {
    dataDir(3);
    const other = join(dir, 'other.key');
    const mk = spawnSync('sh', ['-c', `printf '%064x\\n' 7 > ${other}`]);
    expect(mk.status).toBe(0);
    chmodSync(other, 0o600);
    const r = run('verify', '--data-dir', dir, '--key-file', other);
    expect(r.stdout).toMatch(/BROKEN at record 1: .*MAC/);
    expect(r.status).toBe(1);
    expect(run('verify', '--data-dir', dir, '--key-file', join(dir, 'none.key')).status).toBe(2);
    expect(run('check', '--data-dir', dir).status).toBe(2);
    expect(run('verify', '--nonsense').status).toBe(2);
    expect(run('verify', '--data-dir', join(dir, 'nowhere')).status).toBe(2);
  });
});
