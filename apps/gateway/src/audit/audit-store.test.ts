import { ManualClock } from '@zld/tags';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditStore, type AuditCapacity } from './audit-store.js';

const T0 = Date.parse('2025-03-01T06:00:00Z');
const stores: AuditStore[] = [];
const open = (options: Partial<ConstructorParameters<typeof AuditStore>[0]> = {}) => {
  const clock = new ManualClock(T0);
  const store = new AuditStore({ path: ':memory:', clock, ...options });
  stores.push(store);
  return { store, clock };
};
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

describe('the audit store', () => {
  it('records who did what, when (UTC), from where, with old and new value and outcome', () => {
    const { store, clock } = open();
    const r = store.record({
      category: 'command',
      action: 'write',
      outcome: 'success',
      user: 'shift-a',
      source: '10.0.0.7',
      target: 'FIC-106.SP',
      oldValue: 25,
      newValue: 27.5,
      details: { commandId: 'c-1' },
    });
    expect(r).toEqual({
      seq: 1,
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      time: '2025-03-01T06:00:00.000Z',
      category: 'command',
      action: 'write',
      outcome: 'success',
      user: 'shift-a',
      source: '10.0.0.7',
      target: 'FIC-106.SP',
      oldValue: 25,
      newValue: 27.5,
      reason: null,
      details: { commandId: 'c-1' },
    });
    clock.advance(60_000);
    store.record({ category: 'auth', action: 'login-failed', outcome: 'failure', user: 'x' });
    expect(store.query({ from: T0, to: T0 + 60_001 })).toHaveLength(2);
    expect(store.query({ from: T0 + 1, to: T0 + 60_001 }).map((x) => x.action)).toEqual([
      'login-failed',
    ]);
    expect(store.query({ from: T0, to: T0 + 60_001, limit: 1 })).toHaveLength(1);
  });

  it('refuses UPDATE and DELETE through SQL', () => {
    const { store } = open();
    store.record({ category: 'auth', action: 'login', outcome: 'success', user: 'shift-a' });
    const db = store.database;
    expect(() => db.prepare("UPDATE audit SET user = 'intruder'").run()).toThrow(
      /append-only: UPDATE refused/,
    );
    expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/append-only: DELETE refused/);
    expect(() => db.prepare('INSERT OR REPLACE INTO audit SELECT * FROM audit').run()).toThrow(
      /append-only: REPLACE refused/,
    );
    expect(() => db.prepare('REPLACE INTO audit SELECT * FROM audit').run()).toThrow(/append-only/);
    expect(store.query({ from: 0, to: T0 + 1 })[0]!.user).toBe('shift-a');
  });

  it('detects a record changed behind the triggers through its hash chain', () => {
    const { store } = open();
    for (let i = 0; i < 5; i++)
      store.record({ category: 'command', action: 'write', outcome: 'success', newValue: i });
    expect(store.verify()).toEqual({ ok: true, records: 5, headSeq: 5, anchorsChecked: 0 });
    const db = store.database;
    db.exec('DROP TRIGGER audit_no_update');
    db.prepare("UPDATE audit SET new_value = '42' WHERE seq = 3").run();
    expect(store.verify()).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('warns once when it reaches the capacity threshold, and records the warning', () => {
    const warnings: AuditCapacity[] = [];
    const { store } = open({
      maxRows: 10,
      warnAt: 0.8,
      onCapacityWarning: (c) => warnings.push(c),
    });
    for (let i = 0; i < 7; i++)
      store.record({ category: 'auth', action: 'login', outcome: 'success' });
    expect(warnings).toHaveLength(0);
    expect(store.capacity().warning).toBe(false);
    store.record({ category: 'auth', action: 'login', outcome: 'success' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ rows: 8, maxRows: 10, warning: true });
    for (let i = 0; i < 5; i++)
      store.record({ category: 'auth', action: 'login', outcome: 'success' });
    expect(warnings).toHaveLength(1);
    const all = store.query({ from: 0, to: T0 + 1 });
    expect(all.filter((r) => r.action === 'audit-capacity-warning')).toHaveLength(1);
    expect(store.capacity().bytes).toBeGreaterThan(0);
  });

  it('keeps its records and chain across a restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zld-audit-'));
    try {
      const path = join(dir, 'audit.sqlite');
      const key = Buffer.alloc(32, 7);
      const a = open({ path, key }).store;
      a.record({ category: 'auth', action: 'login', outcome: 'success' });
      a.close();
      const b = open({ path, key }).store;
      b.record({ category: 'auth', action: 'logout', outcome: 'success' });
      expect(b.verify()).toMatchObject({ ok: true, records: 2, headSeq: 2 });
      expect(b.capacity().rows).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
