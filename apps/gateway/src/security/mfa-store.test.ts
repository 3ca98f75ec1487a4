import { ManualClock } from '@zld/tags';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authenticator } from 'otplib';
import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword } from './password-hash.js';
import { UserStore } from './user-store.js';

const cheap = { N: 1024, r: 8, p: 1 };
const T0 = Date.parse('2025-01-01T00:00:10Z');
const stores: UserStore[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function storeWithUser(clock: ManualClock, path = ':memory:') {
  const users = new UserStore({ path, clock, cost: cheap });
  stores.push(users);
  if (!users.get('shift-a')) await users.add('shift-a', 'brine loop 4711 ok', 'engineer');
  return users;
}
const codeAt = (secret: string, ms: number) => authenticator.clone({ epoch: ms }).generate(secret);

describe('the MFA store', () => {
  it('turns on only after a code of the pending secret confirms it', async () => {
    const clock = new ManualClock(T0);
    const users = await storeWithUser(clock);
    const { secret, uri } = users.mfa.startEnrolment('shift-a')!;
    expect(uri).toContain(`secret=${secret}`);
    expect(users.mfa.enabled('shift-a')).toBe(false);
    expect(users.mfa.confirm('shift-a', '000000x')).toBeNull();
    const codes = users.mfa.confirm('shift-a', codeAt(secret, T0))!;
    expect(codes).toHaveLength(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(users.mfa.status('shift-a')).toEqual({
      enabled: true,
      pending: false,
      recoveryCodesLeft: 10,
    });
    expect(users.mfa.startEnrolment('shift-a')).toBeNull();
  });

  it('accepts a code one step either side, never twice, and no older one after a newer', async () => {
    const clock = new ManualClock(T0);
    const users = await storeWithUser(clock);
    const { secret } = users.mfa.startEnrolment('shift-a')!;
    users.mfa.confirm('shift-a', codeAt(secret, T0));
    clock.advance(90_000);
    const now = clock.now();
    expect(users.mfa.verifyTotp('shift-a', codeAt(secret, now - 60_000))).toBe(false);
    expect(users.mfa.verifyTotp('shift-a', codeAt(secret, now - 30_000))).toBe(true);
    expect(users.mfa.verifyTotp('shift-a', codeAt(secret, now - 30_000))).toBe(false);
    expect(users.mfa.verifyTotp('shift-a', codeAt(secret, now + 30_000))).toBe(true);
    // The current step's code is older than the last accepted one: refused.
    expect(users.mfa.verifyTotp('shift-a', codeAt(secret, now))).toBe(false);
    expect(users.mfa.verifyTotp('shift-a', codeAt(secret, now + 60_000))).toBe(false);
  });

  it('spends a recovery code once, whatever its case and dashes', async () => {
    const clock = new ManualClock(T0);
    const users = await storeWithUser(clock);
    const { secret } = users.mfa.startEnrolment('shift-a')!;
    const codes = users.mfa.confirm('shift-a', codeAt(secret, T0))!;
    const typed = codes[3]!.toUpperCase().replace(/-/g, ' ');
    expect(users.mfa.verify('shift-a', typed)).toBe('recovery');
    expect(users.mfa.verify('shift-a', codes[3]!)).toBeNull();
    expect(users.mfa.status('shift-a').recoveryCodesLeft).toBe(9);
    expect(users.mfa.disable('shift-a')).toBe(true);
    expect(users.mfa.verify('shift-a', codes[4]!)).toBeNull();
    expect(users.mfa.status('shift-a')).toEqual({
      enabled: false,
      pending: false,
      recoveryCodesLeft: 0,
    });
  });

  it('migrates a user store made before MFA without losing its users', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zld-mfa-'));
    dirs.push(dir);
    const path = join(dir, 'users.sqlite');
    // The schema as it was before MFA, with one user in it.
    const old = new Database(path);
    old.exec(`CREATE TABLE users (
        username TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'engineer', 'admin')),
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        password_weak INTEGER NOT NULL DEFAULT 0 CHECK (password_weak IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;`);
    old
      .prepare('INSERT INTO users VALUES (?, ?, ?, 0, 0, ?, ?)')
      .run('old-hand', 'admin', await hashPassword('tank farm 1999 ok', cheap), 'x', 'x');
    old.close();
    const clock = new ManualClock(T0);
    const users = await storeWithUser(clock, path);
    expect(users.get('old-hand')?.role).toBe('admin');
    expect(await users.authenticate('old-hand', 'tank farm 1999 ok')).not.toBeNull();
    expect(users.mfa.enabled('old-hand')).toBe(false);
    const { secret } = users.mfa.startEnrolment('old-hand')!;
    expect(users.mfa.confirm('old-hand', codeAt(secret, T0))).toHaveLength(10);
    users.close();
    // Opened again: MFA still on, nothing lost.
    const again = await storeWithUser(clock, path);
    expect(again.mfa.enabled('old-hand')).toBe(true);
    expect(again.list().map((u) => u.username)).toEqual(['old-hand', 'shift-a']);
  });
});
