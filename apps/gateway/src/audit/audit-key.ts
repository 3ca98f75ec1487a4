// The audit trail's key: read from a file given by option or environment, else made at first start in the data dir (mode 0600).
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The key file made in the data dir when none is given. */
export const DEFAULT_KEY_FILE = 'audit.key';

/** The key cannot be used; the gateway refuses to start, the CLI exits with a usage error. */
export class AuditKeyError extends Error {
  override readonly name = 'AuditKeyError';
}

export interface AuditKeyOptions {
  /** `--audit-key-file` / `ZLD_AUDIT_KEY_FILE`; it must exist. Default: `<dataDir>/audit.key`, made when missing. */
  keyFile?: string | undefined;
  dataDir: string;
  /** Refuse a key file others can read (production); otherwise `warn`. */
  production: boolean;
  /** Make the default key file when it is missing (the gateway), or not (the CLI). */
  create: boolean;
  warn?: (message: string) => void;
}

export interface AuditKey {
  key: Buffer;
  file: string;
  /** Made now (first start). */
  created: boolean;
}

/** The key file holds 64 or more hex digits (32 bytes or more) on its first line. */
export function parseKey(text: string, file: string): Buffer {
  const hex = text.split(/\r?\n/, 1)[0]!.trim();
  if (!/^(?:[0-9a-fA-F]{2}){32,}$/.test(hex))
    throw new AuditKeyError(
      `audit key file ${file}: the first line must be 64 or more hex digits (a 32-byte key or longer)`,
    );
  return Buffer.from(hex, 'hex');
}

export function loadAuditKey(o: AuditKeyOptions): AuditKey {
  const file = o.keyFile ?? join(o.dataDir, DEFAULT_KEY_FILE);
  if (!existsSync(file)) {
    if (o.keyFile !== undefined || !o.create)
      throw new AuditKeyError(`audit key file ${file} does not exist`);
    const key = randomBytes(32);
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, `${key.toString('hex')}\n`);
    } finally {
      closeSync(fd);
    }
    return { key, file, created: true };
  }
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    const message = `audit key file ${file} has mode ${mode.toString(8)}: others can read the key that seals the audit trail (chmod 600 it)`;
    if (o.production) throw new AuditKeyError(message);
    o.warn?.(message);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new AuditKeyError(`audit key file ${file}: ${(err as Error).message}`);
  }
  return { key: parseKey(text, file), file, created: false };
}
