import { ManualClock } from '@zld/tags';
import { afterEach, describe, expect, it } from 'vitest';
import { bootstrapAdmin, StartupRefusedError } from './bootstrap-admin.js';
import { UserStore } from './user-store.js';

const clock = new ManualClock(0);
const stores: UserStore[] = [];
const store = () => {
  const s = new UserStore({ path: ':memory:', clock, cost: { N: 1024, r: 8, p: 1 } });
  stores.push(s);
  return s;
};
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

describe('the first admin', () => {
  it('gets a random password, returned once, when none is given', async () => {
    const users = store();
    const r = await bootstrapAdmin(users, {});
    expect(r.created).toBe(true);
    expect(r.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await users.authenticate('admin', r.generatedPassword!)).toMatchObject({
      role: 'admin',
    });
    const again = await bootstrapAdmin(users, {});
    expect(again).toEqual({ created: false, warnings: [] });
  });

  it('gets the given password', async () => {
    const users = store();
    const r = await bootstrapAdmin(users, { adminPassword: 'plant control secret 9' });
    expect(r).toEqual({ created: true, warnings: [] });
    expect(await users.authenticate('admin', 'plant control secret 9')).not.toBeNull();
  });

  it('accepts a demo password outside production, with a warning', async () => {
    const users = store();
    const r = await bootstrapAdmin(users, { adminPassword: 'admin' });
    expect(r.created).toBe(true);
    expect(r.warnings.join()).toMatch(/outside production/);
    const later = await bootstrapAdmin(users, {});
    expect(later.warnings.join()).toMatch(/below the policy/);
  });

  it('refuses to start in production with a demo or short password', async () => {
    for (const pw of ['admin', 'changeme1234', 'Passwordpassword', 'short1']) {
      const users = store();
      await expect(
        bootstrapAdmin(users, { adminPassword: pw, production: true }),
        pw,
      ).rejects.toThrow(StartupRefusedError);
      expect(users.count()).toBe(0);
    }
  });

  it('refuses a production start while an admin still has a demo password', async () => {
    const users = store();
    await bootstrapAdmin(users, { adminPassword: 'admin' });
    await expect(bootstrapAdmin(users, { production: true })).rejects.toThrow(/below the policy/);
    await users.setPassword('admin', 'a proper plant secret 1');
    expect((await bootstrapAdmin(users, { production: true })).created).toBe(false);
  });
});
