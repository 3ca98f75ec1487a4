// Per-user TOTP (RFC 6238: 30 s, 6 digits, SHA-1, one step either side) and single-use recovery codes, in the user store's SQLite file.
import type { Clock } from '@zld/tags';
import type Database from 'better-sqlite3';
import { createHash, randomInt } from 'node:crypto';
import { authenticator } from 'otplib';

/** What the authenticator app is told (and shows beside the account). */
export const MFA_ISSUER = 'ZLD SCADA';
export const TOTP_STEP_S = 30;
export const RECOVERY_CODE_COUNT = 10;
/** Recovery codes: 12 characters of a 31-letter alphabet (59 bits), shown as `xxxx-xxxx-xxxx`. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const RECOVERY_LENGTH = 12;

export interface MfaStatus {
  enabled: boolean;
  /** An enrolment was started and not yet confirmed. */
  pending: boolean;
  recoveryCodesLeft: number;
}

/** How a second factor was given. */
export type MfaFactor = 'totp' | 'recovery';

const digest = (code: string): string => createHash('sha256').update(code).digest('hex');
const normalRecovery = (code: string): string => code.toLowerCase().replace(/[\s-]/g, '');
const normalTotp = (code: string): string => code.replace(/\s/g, '');

function newRecoveryCode(): string {
  let s = '';
  for (let i = 0; i < RECOVERY_LENGTH; i++)
    s += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

interface MfaRow {
  mfa_secret: string | null;
  mfa_pending: string | null;
  mfa_last_step: number | null;
}

/**
 * The TOTP secret must be readable by the gateway to check codes, so it is kept as is in the user
 * store (protect the data directory like a key file); it leaves the gateway once, at enrolment, and
 * is never returned, logged or audited after that. A code is accepted once: the last accepted time
 * step is remembered per user and a code of that step or an earlier one is refused (no replay).
 * Recovery codes are random (60 bits) and kept as SHA-256 digests; each works once.
 */
export class MfaStore {
  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {
    const columns = new Set(
      (db.prepare('PRAGMA table_info(users)').all() as { name: string }[]).map((c) => c.name),
    );
    // Databases made before MFA get the columns; their users are kept, with MFA off.
    db.transaction(() => {
      if (!columns.has('mfa_secret')) db.exec('ALTER TABLE users ADD COLUMN mfa_secret TEXT');
      if (!columns.has('mfa_pending')) db.exec('ALTER TABLE users ADD COLUMN mfa_pending TEXT');
      if (!columns.has('mfa_last_step'))
        db.exec('ALTER TABLE users ADD COLUMN mfa_last_step INTEGER');
      db.exec(`
        CREATE TABLE IF NOT EXISTS mfa_recovery (
          username TEXT NOT NULL REFERENCES users (username),
          code_hash TEXT NOT NULL,
          used_at TEXT,
          PRIMARY KEY (username, code_hash)
        ) STRICT;
      `);
    })();
  }

  enabled(username: string): boolean {
    return (this.row(username)?.mfa_secret ?? null) !== null;
  }

  status(username: string): MfaStatus {
    const row = this.row(username);
    const left = this.db
      .prepare('SELECT count(*) AS n FROM mfa_recovery WHERE username = ? AND used_at IS NULL')
      .get(username) as { n: number };
    return {
      enabled: (row?.mfa_secret ?? null) !== null,
      pending: (row?.mfa_pending ?? null) !== null,
      recoveryCodesLeft: row?.mfa_secret ? left.n : 0,
    };
  }

  /**
   * Starts (or restarts) an enrolment: a new secret is kept as pending until a code confirms it.
   * Answers the secret and its `otpauth://` URI, or null when MFA is already on.
   */
  startEnrolment(username: string): { secret: string; uri: string } | null {
    const row = this.row(username);
    if (!row || row.mfa_secret !== null) return null;
    const secret = authenticator.generateSecret(20);
    this.db.prepare('UPDATE users SET mfa_pending = ? WHERE username = ?').run(secret, username);
    return { secret, uri: authenticator.keyuri(username, MFA_ISSUER, secret) };
  }

  /**
   * Confirms a pending enrolment with a current code: MFA is on, and the new recovery codes are
   * answered (once). Null for a wrong code or when no enrolment is pending.
   */
  confirm(username: string, code: string): string[] | null {
    const row = this.row(username);
    if (!row?.mfa_pending || row.mfa_secret !== null) return null;
    const step = this.matchingStep(row.mfa_pending, code);
    if (step === null) return null;
    return this.db.transaction(() => {
      this.db
        .prepare(
          'UPDATE users SET mfa_secret = mfa_pending, mfa_pending = NULL, mfa_last_step = ? WHERE username = ?',
        )
        .run(step, username);
      return this.replaceRecoveryCodes(username);
    })();
  }

  /** A current TOTP code, not used before: accepted once (its step remembered). */
  verifyTotp(username: string, code: string): boolean {
    const row = this.row(username);
    if (!row?.mfa_secret) return false;
    const step = this.matchingStep(row.mfa_secret, code);
    if (step === null || (row.mfa_last_step !== null && step <= row.mfa_last_step)) return false;
    const changed = this.db
      .prepare(
        'UPDATE users SET mfa_last_step = ? WHERE username = ? AND (mfa_last_step IS NULL OR mfa_last_step < ?)',
      )
      .run(step, username, step);
    return changed.changes === 1;
  }

  /** A TOTP code or an unused recovery code (then spent): which one, or null. */
  verify(username: string, code: string): MfaFactor | null {
    if (!this.enabled(username)) return null;
    if (/^\d{6}$/.test(normalTotp(code))) return this.verifyTotp(username, code) ? 'totp' : null;
    const spent = this.db
      .prepare(
        'UPDATE mfa_recovery SET used_at = ? WHERE username = ? AND code_hash = ? AND used_at IS NULL',
      )
      .run(this.now(), username, digest(normalRecovery(code)));
    return spent.changes === 1 ? 'recovery' : null;
  }

  /** New recovery codes (the old ones stop working); null when MFA is off. */
  regenerateRecoveryCodes(username: string): string[] | null {
    if (!this.enabled(username)) return null;
    return this.db.transaction(() => this.replaceRecoveryCodes(username))();
  }

  /** Turns MFA off (secret, pending enrolment and recovery codes gone). Answers whether it was on or pending. */
  disable(username: string): boolean {
    return this.db.transaction(() => {
      const r = this.db
        .prepare(
          'UPDATE users SET mfa_secret = NULL, mfa_pending = NULL, mfa_last_step = NULL WHERE username = ? AND (mfa_secret IS NOT NULL OR mfa_pending IS NOT NULL)',
        )
        .run(username);
      this.db.prepare('DELETE FROM mfa_recovery WHERE username = ?').run(username);
      return r.changes === 1;
    })();
  }

  private replaceRecoveryCodes(username: string): string[] {
    this.db.prepare('DELETE FROM mfa_recovery WHERE username = ?').run(username);
    const insert = this.db.prepare(
      'INSERT INTO mfa_recovery (username, code_hash, used_at) VALUES (?, ?, NULL)',
    );
    const codes = new Set<string>();
    while (codes.size < RECOVERY_CODE_COUNT) codes.add(newRecoveryCode());
    for (const c of codes) insert.run(username, digest(normalRecovery(c)));
    return [...codes];
  }

  /** The time step whose code this is (now, or one step either side), or null. */
  private matchingStep(secret: string, code: string): number | null {
    const token = normalTotp(code);
    if (!/^\d{6}$/.test(token)) return null;
    const now = this.clock.now();
    const delta = authenticator.clone({ epoch: now, window: 1 }).checkDelta(token, secret);
    if (delta === null) return null;
    return Math.floor(now / 1000 / TOTP_STEP_S) + delta;
  }

  private row(username: string): MfaRow | undefined {
    return this.db
      .prepare('SELECT mfa_secret, mfa_pending, mfa_last_step FROM users WHERE username = ?')
      .get(username) as MfaRow | undefined;
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
