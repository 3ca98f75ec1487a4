import { ManualClock } from '@zld/tags';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserStore } from './user-store.js';

const cheap = { N: 1024, r: 8, p: 1 };
const clock = new ManualClock(Date.parse('2025-01-01T00:00:00Z'));
const stores: UserStore[] = [];
const open = (path = ':memory:') => {
  const s = new UserStore({ path, clock, cost: cheap });
  stores.push(s);
  return s;
};
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

describe('the user store', () => {
  it('adds users with a role and authenticates them', async () => {
    const users = open();
    expect(users.count()).toBe(0);
    const u = await users.add('shift-a', 'brine loop 4711 ok', 'operator');
    expect(u).toEqual({
      username: 'shift-a',
      role: 'operator',
      disabled: false,
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
    });
    expect(await users.authenticate('shift-a', 'brine loop 4711 ok')).toMatchObject({
      username: 'shift-a',
      role: 'operator',
    });
    expect(await users.authenticate('shift-a', 'brine loop 4711 OK')).toBeNull();
    expect(await users.authenticate('nobody', 'brine loop 4711 ok')).toBeNull();
  });

  it('refuses duplicates, bad names and weak passwords', async () => {
    const users = open();
    await users.add('shift-a', 'brine loop 4711 ok', 'operator');
    await expect(users.add('shift-a', 'another good secret', 'viewer')).rejects.toMatchObject({
      code: 'EXISTS',
    });
    for (const name of ['Shift-a', 'o', '1shift-a', 'shift-a; DROP TABLE users', 'a'.repeat(40)])
      await expect(users.add(name, 'brine loop 4711 ok', 'viewer'), name).rejects.toMatchObject({
        code: 'INVALID',
      });
    await expect(users.add('shift-b', 'changeme', 'viewer')).rejects.toMatchObject({
      code: 'WEAK_PASSWORD',
    });
    expect(users.count()).toBe(1);
  });

  it('keeps a disabled user out and lets the role change', async () => {
    const users = open();
    await users.add('root', 'pump station 12345!', 'admin');
    await users.add('eng', 'process design 12!', 'engineer');
    clock.advance(1000);
    expect(users.setDisabled('eng', true).disabled).toBe(true);
    expect(await users.authenticate('eng', 'process design 12!')).toBeNull();
    users.setDisabled('eng', false);
    const changed = users.setRole('eng', 'viewer');
    expect(changed.role).toBe('viewer');
    expect(changed.updatedAt).not.toBe(changed.createdAt);
    expect((await users.authenticate('eng', 'process design 12!'))?.role).toBe('viewer');
  });

  it('never leaves the plant without an enabled admin', async () => {
    const users = open();
    await users.add('root', 'pump station 12345!', 'admin');
    expect(() => users.setDisabled('root', true)).toThrow(/no enabled admin/);
    expect(() => users.setRole('root', 'engineer')).toThrow(/no enabled admin/);
    await users.add('second', 'another strong pass 9', 'admin');
    expect(users.setRole('root', 'engineer').role).toBe('engineer');
    expect(() => users.setDisabled('second', true)).toThrow(/no enabled admin/);
  });

  it('changes a password and marks a weak first password for the production check', async () => {
    const users = open();
    await users.add('admin', 'short', 'admin', { allowWeak: true });
    expect(users.weakPasswordAdmins()).toEqual(['admin']);
    await users.setPassword('admin', 'a much better secret 77');
    expect(users.weakPasswordAdmins()).toEqual([]);
    expect(await users.authenticate('admin', 'short')).toBeNull();
    expect(await users.authenticate('admin', 'a much better secret 77')).not.toBeNull();
  });

  it('persists in a WAL-mode file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zld-users-'));
    try {
      const path = join(dir, 'users.sqlite');
      const a = open(path);
      await a.add('shift-a', 'brine loop 4711 ok', 'operator');
      a.close();
      const b = open(path);
      expect(b.list().map((u) => u.username)).toEqual(['shift-a']);
      expect(await b.authenticate('shift-a', 'brine loop 4711 ok')).not.toBeNull();
      b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
