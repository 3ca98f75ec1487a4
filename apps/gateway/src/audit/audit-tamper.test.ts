// An attacker with write access to audit.sqlite (triggers dropped): truncation and re-chaining fail verification.
import { ManualClock } from '@zld/tags';
import Database from 'better-sqlite3';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditStore } from './audit-store.js';

const T0 = Date.parse('2025-03-01T06:00:00Z');
const KEY = Buffer.alloc(32, 0x5a);
let dir: string;
let stores: AuditStore[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zld-audit-tamper-'));
  stores = [];
});
afterEach(() => {
  for (const s of stores) s.close();
  rmSync(dir, { recursive: true, force: true });
});

const open = (key = KEY) => {
  const s = new AuditStore({
    path: join(dir, 'audit.sqlite'),
    anchorFile: join(dir, 'audit-anchors.jsonl'),
    key,
    clock: new ManualClock(T0),
  });
  stores.push(s);
  return s;
};

/** 60 records, anchored at the end as the gateway does at every anchor period and at stop. */
function trail(): void {
  const s = open();
  for (let i = 0; i < 60; i++)
    s.record({ category: 'command', action: 'write', outcome: 'success', newValue: i });
  s.anchor();
  s.close();
}

/** The file opened as an attacker does: no triggers. */
function attacker(): Database.Database {
  const db = new Database(join(dir, 'audit.sqlite'));
  db.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
  return db;
}

const CONTENT = `json_array(event_id, time, time_ms, category, action, outcome, user, source, target,
  old_value, new_value, reason, details)`;

/** Rewrites every link from the first record on with `link(prev, row)`, as a forger would. */
function rechain(db: Database.Database, link: (prev: string, seq: number, c: string) => string) {
  const rows = db.prepare(`SELECT seq, ${CONTENT} AS c FROM audit ORDER BY seq`).all() as {
    seq: number;
    c: string;
  }[];
  let prev = '0'.repeat(64);
  const set = db.prepare('UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?');
  for (const r of rows) {
    const c = JSON.stringify(JSON.parse(r.c));
    const h = link(prev, r.seq, c);
    set.run(prev, h, r.seq);
    prev = h;
  }
}

describe('the keyed, anchored audit trail', () => {
  it('verifies an intact trail, with its anchors', () => {
    trail();
    const s = open();
    expect(s.verify()).toEqual({ ok: true, records: 60, headSeq: 60, anchorsChecked: 1 });
    expect(s.head()).toMatchObject({ seq: 60, records: 60 });
  });

  it('fails when the last 20 records are deleted (caught by the anchor)', () => {
    trail();
    const db = attacker();
    db.prepare('DELETE FROM audit WHERE seq > 40').run();
    db.close();
    const r = open().verify();
    expect(r).toMatchObject({ ok: false, records: 40, headSeq: 40, firstBadSeq: 41 });
    expect(r.reason).toMatch(/truncated.*record 60 \(60 records\).*ends at 40/);
  });

  it('fails when a record is rewritten and the chain recomputed with SHA-256 as before', () => {
    trail();
    const db = attacker();
    db.prepare("UPDATE audit SET new_value = '999' WHERE seq = 30").run();
    rechain(db, (prev, _seq, c) => createHash('sha256').update(prev).update(c).digest('hex'));
    db.close();
    expect(open().verify()).toMatchObject({ ok: false, firstBadSeq: 1 });
    // Even marked as the old unkeyed chain, the anchored head no longer matches.
    const db2 = attacker();
    db2.prepare("UPDATE audit SET chain = 'sha256'").run();
    db2.close();
    const r = open().verify();
    expect(r).toMatchObject({ ok: false, firstBadSeq: 60 });
    expect(r.reason).toMatch(/not the one anchored/);
  });

  it('fails when the chain is recomputed with another key', () => {
    trail();
    const db = attacker();
    db.prepare("UPDATE audit SET user = 'nobody' WHERE seq = 12").run();
    const wrong = Buffer.alloc(32, 1);
    rechain(db, (prev, seq, c) =>
      createHmac('sha256', wrong).update(`${prev}\n${seq}\n`).update(c).digest('hex'),
    );
    db.close();
    const r = open().verify();
    expect(r).toMatchObject({ ok: false, firstBadSeq: 1 });
    expect(r.reason).toMatch(/MAC/);
  });

  it('fails when records in the middle are removed', () => {
    trail();
    const db = attacker();
    db.prepare('DELETE FROM audit WHERE seq BETWEEN 10 AND 12').run();
    db.close();
    expect(open().verify()).toMatchObject({ ok: false, firstBadSeq: 10 });
  });

  it('fails when the anchor file is removed', () => {
    trail();
    rmSync(join(dir, 'audit-anchors.jsonl'));
    expect(open().verify()).toMatchObject({ ok: false, firstBadSeq: 61 });
    expect(open().verify().reason).toMatch(/anchor file .* is missing/);
  });

  it('fails on a forged anchor line (not signed with the key)', () => {
    trail();
    const file = join(dir, 'audit-anchors.jsonl');
    const a = JSON.parse(readFileSync(file, 'utf8').trim()) as { records: number };
    writeFileSync(file, `${JSON.stringify({ ...a, records: a.records - 1 })}\n`);
    expect(open().verify()).toMatchObject({ ok: false, firstBadSeq: 60 });
  });
});

describe('a trail written before the key', () => {
  function legacyTrail(n: number): void {
    const db = new Database(join(dir, 'audit.sqlite'));
    db.exec(`CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE,
      time TEXT NOT NULL, time_ms INTEGER NOT NULL, category TEXT NOT NULL, action TEXT NOT NULL,
      outcome TEXT NOT NULL, user TEXT, source TEXT, target TEXT, old_value TEXT, new_value TEXT,
      reason TEXT, details TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL) STRICT`);
    const ins = db.prepare(`INSERT INTO audit (event_id, time, time_ms, category, action, outcome,
      prev_hash, hash) VALUES (?, ?, ?, 'auth', 'login', 'success', '', '')`);
    for (let i = 0; i < n; i++)
      ins.run(`e-${i}`, new Date(T0 - 100 + i).toISOString(), T0 - 100 + i);
    rechain(db, (prev, _seq, c) => createHash('sha256').update(prev).update(c).digest('hex'));
    db.close();
  }

  it('is re-keyed from its old head: old records checked by SHA-256, new ones by the key', () => {
    legacyTrail(5);
    const s = open();
    expect(s.verify()).toMatchObject({ ok: true, records: 5 }); // no keyed record yet: no anchor needed
    s.anchor(); // re-keys, then anchors
    s.record({ category: 'auth', action: 'logout', outcome: 'success' });
    const all = s.query({ from: 0, to: T0 + 10 });
    expect(all.map((r) => r.action)).toEqual([
      ...Array(5).fill('login'),
      'audit-rekeyed',
      'logout',
    ]);
    expect(all[5]).toMatchObject({ outcome: 'success', details: { legacyRecords: 5 } });
    expect(s.verify()).toMatchObject({ ok: true, records: 7, headSeq: 7, anchorsChecked: 1 });
    s.close();
    const db = attacker();
    db.prepare("UPDATE audit SET user = 'x' WHERE seq = 2").run();
    db.close();
    expect(open().verify()).toMatchObject({ ok: false, firstBadSeq: 2 });
  });
});
