import { ManualClock } from '@zld/tags';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CommandLedger,
  type LedgerAnswer,
  type LedgerPersistence,
} from '../commands/command-ledger.js';
import { SessionManager } from '../security/session-manager.js';
import { StateStore } from './state-store.js';

let dir: string;
let open: StateStore[];
/** A store over the data dir's file; a "kill -9" is simply opening another one without closing the first. */
const store = (): StateStore => {
  const s = new StateStore(join(dir, 'state.sqlite'));
  open.push(s);
  return s;
};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zld-state-'));
  open = [];
});
afterEach(() => {
  for (const s of open) s.close();
  rmSync(dir, { recursive: true, force: true });
});

const resultOf = <T>(a: LedgerAnswer<T>): Promise<T> => {
  if (a.kind === 'conflict') throw new Error('unexpected conflict');
  return a.result;
};

const persistence = (s: StateStore): LedgerPersistence<string> => ({
  store: s.commandIds,
  encode: (r) => JSON.stringify(r),
  decode: (t) => JSON.parse(t) as string,
  interrupted: (id) => `interrupted ${id}`,
});

describe('command ids across a restart', () => {
  it('answer the recorded result and never execute again', async () => {
    let runs = 0;
    const first = new CommandLedger<string>({}, persistence(store()));
    const a = first.run('cmd-1', 'op/FIC-106.SP/30', 1000, async () => `done ${++runs}`);
    expect(await resultOf(a)).toBe('done 1');
    await Promise.resolve();

    const second = new CommandLedger<string>({}, persistence(store()));
    const b = second.run('cmd-1', 'op/FIC-106.SP/30', 2000, async () => `done ${++runs}`);
    expect(b.kind).toBe('duplicate');
    if (b.kind === 'conflict') throw new Error('unexpected');
    expect(await b.result).toBe('done 1');
    expect(runs).toBe(1);
    // Another user or another value with the same id: a conflict, as before the restart.
    expect(second.run('cmd-1', 'op2/FIC-106.SP/30', 2001, async () => 'x').kind).toBe('conflict');
  });

  it('answer "interrupted" for a command that was running when the gateway died', async () => {
    const first = new CommandLedger<string>({}, persistence(store()));
    first.run('cmd-2', 'f', 1000, () => new Promise<string>(() => {})); // never ends: killed meanwhile
    const second = new CommandLedger<string>({}, persistence(store()));
    let ran = false;
    const b = second.run('cmd-2', 'f', 2000, async () => {
      ran = true;
      return 'again';
    });
    expect(b.kind).toBe('duplicate');
    if (b.kind === 'conflict') throw new Error('unexpected');
    expect(await b.result).toBe('interrupted cmd-2');
    expect(ran).toBe(false);
  });

  it('keep the time to live and the size bound on disk', async () => {
    const s = store();
    const ledger = new CommandLedger<string>({ maxEntries: 10, ttlMs: 1000 }, persistence(s));
    for (let i = 0; i < 50; i++) await resultOf(ledger.run(`c${i}`, 'f', i, async () => `r${i}`));
    expect(s.commandIds.count()).toBeLessThanOrEqual(10);
    const after = new CommandLedger<string>({ maxEntries: 10, ttlMs: 1000 }, persistence(store()));
    expect(after.run('c49', 'f', 100, async () => 'again').kind).toBe('duplicate');
    expect(after.run('c0', 'f', 100, async () => 'again').kind).toBe('first'); // pruned
    expect(after.run('c48', 'f', 1048, async () => 'again').kind).toBe('first'); // expired
  });
});

const MIN = 60_000;
const policy = { idleTimeoutMs: 15 * MIN, absoluteLifetimeMs: 8 * 60 * MIN, maxPerUser: 2 };
const op = { username: 'shift-a', role: 'operator' as const };

describe('sessions across a restart', () => {
  it('resolve with the same secrets, with their recorded times and limits', () => {
    const clock = new ManualClock(1_000_000);
    const before = new SessionManager(clock, policy, store().sessions);
    const issued = before.create(op, '127.0.0.9');
    clock.advance(5 * MIN);
    before.touch(issued.session);

    clock.advance(MIN);
    const after = new SessionManager(clock, policy, store().sessions);
    clock.advance(MIN);
    const found = after.resolve({ kind: 'bearer', secret: issued.token });
    expect(found?.session).toMatchObject({
      ref: issued.session.ref,
      username: 'shift-a',
      role: 'operator',
      source: '127.0.0.9',
      createdAt: 1_000_000,
      lastActivity: 1_000_000 + 5 * MIN,
    });
    expect(found?.locked).toBe(false);
    expect(after.resolve({ kind: 'cookie', secret: issued.cookieSecret })).not.toBeNull();
    // Each secret still works only in its own place.
    expect(after.resolve({ kind: 'cookie', secret: issued.token })).toBeNull();

    // The idle lock counts from the recorded activity, the absolute lifetime from the login.
    clock.advance(14 * MIN); // 16 min since the last recorded activity
    expect(after.resolve({ kind: 'bearer', secret: issued.token })?.locked).toBe(true);
    clock.advance(8 * 60 * MIN);
    const late = new SessionManager(clock, policy, store().sessions);
    expect(late.resolve({ kind: 'bearer', secret: issued.token })).toBeNull();
    expect(late.list()).toEqual([]);
  });

  it('keep an MFA enrolment-only session restricted after a restart', () => {
    const clock = new ManualClock(1_000_000);
    const eng = { username: 'eng-b', role: 'engineer' as const };
    const issued = new SessionManager(clock, policy, store().sessions).create(eng, '127.0.0.1', {
      enrolmentOnly: true,
    });
    const open = new SessionManager(clock, policy, store().sessions).create(op, '127.0.0.1');
    const after = new SessionManager(clock, policy, store().sessions);
    expect(after.resolve({ kind: 'bearer', secret: issued.token })?.session.enrolmentOnly).toBe(
      true,
    );
    expect(after.resolve({ kind: 'bearer', secret: open.token })?.session.enrolmentOnly).toBe(
      false,
    );
  });

  it('are forgotten on logout, and the per-user limit holds across the restart', () => {
    const clock = new ManualClock(1_000_000);
    const before = new SessionManager(clock, policy, store().sessions);
    const a = before.create(op, '127.0.0.1');
    clock.advance(1);
    const b = before.create(op, '127.0.0.1');
    before.end(a.session, 'logout');

    const after = new SessionManager(clock, policy, store().sessions);
    expect(after.resolve({ kind: 'bearer', secret: a.token })).toBeNull();
    expect(after.list().map((s) => s.ref)).toEqual([b.session.ref]);
    clock.advance(1);
    const c = after.create(op, '127.0.0.1');
    clock.advance(1);
    const d = after.create(op, '127.0.0.1');
    expect(d.evicted.map((s) => s.ref)).toEqual([b.session.ref]);
    expect(after.list('shift-a').map((s) => s.ref)).toEqual([c.session.ref, d.session.ref]);
  });

  it('keep only digests of the secrets on disk', () => {
    const clock = new ManualClock(1_000_000);
    const s = store();
    const issued = new SessionManager(clock, policy, s.sessions).create(op, '127.0.0.1');
    s.close();
    const bytes = ['state.sqlite', 'state.sqlite-wal']
      .map((f) => {
        try {
          return readFileSync(join(dir, f)).toString('latin1');
        } catch {
          return '';
        }
      })
      .join('');
    expect(bytes).toContain(issued.session.ref);
    expect(bytes).not.toContain(issued.token);
    expect(bytes).not.toContain(issued.cookieSecret);
  });
});
