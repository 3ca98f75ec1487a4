// The audit key: made once with mode 0600, refused in production when others can read it, checked for form.
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditKeyError, loadAuditKey } from './audit-key.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zld-audit-key-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadAuditKey', () => {
  it('makes <data dir>/audit.key at first start, mode 0600, and reads the same key after', () => {
    const first = loadAuditKey({ dataDir: dir, production: true, create: true });
    expect(first).toMatchObject({ created: true, file: join(dir, 'audit.key') });
    expect(first.key).toHaveLength(32);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    expect(readFileSync(first.file, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    const again = loadAuditKey({ dataDir: dir, production: true, create: true });
    expect(again.created).toBe(false);
    expect(again.key.equals(first.key)).toBe(true);
  });

  it('refuses a key file others can read in production, and warns otherwise', () => {
    const file = join(dir, 'k');
    writeFileSync(file, `${'ab'.repeat(32)}\n`);
    chmodSync(file, 0o644);
    expect(() =>
      loadAuditKey({ keyFile: file, dataDir: dir, production: true, create: true }),
    ).toThrow(/mode 644: others can read/);
    const warnings: string[] = [];
    const k = loadAuditKey({
      keyFile: file,
      dataDir: dir,
      production: false,
      create: true,
      warn: (m) => warnings.push(m),
    });
    expect(k.key.toString('hex')).toBe('ab'.repeat(32));
    expect(warnings).toEqual([expect.stringMatching(/chmod 600/)]);
  });

  it('refuses a given key file that is missing or not 64+ hex digits, and makes none in its place', () => {
    const file = join(dir, 'given.key');
    expect(() =>
      loadAuditKey({ keyFile: file, dataDir: dir, production: false, create: true }),
    ).toThrow(AuditKeyError);
    writeFileSync(file, 'secret\n', { mode: 0o600 });
    expect(() =>
      loadAuditKey({ keyFile: file, dataDir: dir, production: false, create: true }),
    ).toThrow(/64 or more hex digits/);
    expect(() => loadAuditKey({ dataDir: dir, production: false, create: false })).toThrow(
      /does not exist/,
    );
  });
});
