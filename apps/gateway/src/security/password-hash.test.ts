import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from './password-hash.js';

const cheap = { N: 1024, r: 8, p: 1 };

describe('scrypt password hashes', () => {
  it('verify the right password and refuse a wrong one', async () => {
    const h = await hashPassword('correct pump valve 42', cheap);
    expect(h).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(await verifyPassword('correct pump valve 42', h)).toBe(true);
    expect(await verifyPassword('correct pump valve 43', h)).toBe(false);
    expect(await verifyPassword('', h)).toBe(false);
  });

  it('salt every hash: the same password gives different hashes', async () => {
    const a = await hashPassword('same password here', cheap);
    const b = await hashPassword('same password here', cheap);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password here', b)).toBe(true);
  });

  it('treat Unicode forms alike (NFC)', async () => {
    const h = await hashPassword('caf\u00e9 au lait 2024', cheap);
    expect(await verifyPassword('cafe\u0301 au lait 2024', h)).toBe(true);
  });

  it('never match a malformed or tampered hash', async () => {
    const h = await hashPassword('a long enough secret', cheap);
    for (const bad of [
      '',
      'plain',
      h.replace('scrypt', 'bcrypt'),
      h.replace('$1024$', '$1000$'),
      h.replace('$8$', '$99$'),
      h.slice(0, -4),
      'scrypt$1024$8$1$$',
    ])
      expect(await verifyPassword('a long enough secret', bad), bad).toBe(false);
  });

  it('ask for a re-hash when the stored cost is below the current one', async () => {
    const h = await hashPassword('a long enough secret', cheap);
    expect(needsRehash(h, cheap)).toBe(false);
    expect(needsRehash(h, { N: 2048, r: 8, p: 1 })).toBe(true);
    expect(needsRehash('garbage', cheap)).toBe(true);
  });
});
