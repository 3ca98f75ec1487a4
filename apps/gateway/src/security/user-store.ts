// The user store: one SQLite file (WAL) of users with scrypt hashes, roles and a disabled flag.
import { ROLES, USERNAME_PATTERN, type Role } from '@zld/api';
import type { Clock } from '@zld/tags';
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import {
  DEFAULT_SCRYPT_COST,
  hashPassword,
  needsRehash,
  verifyPassword,
  type ScryptCost,
} from './password-hash.js';
import { MfaStore } from './mfa-store.js';
import { passwordProblems } from './password-policy.js';

/** `USERNAME_PATTERN` of `@zld/api`: lower-case letters, digits, ".", "_" and "-", starting with a letter, 2 to 32 characters. */
const USERNAME = new RegExp(USERNAME_PATTERN);

export interface User {
  username: string;
  role: Role;
  disabled: boolean;
  /** ISO-8601 UTC. */
  createdAt: string;
  updatedAt: string;
}

export type UserErrorCode = 'EXISTS' | 'UNKNOWN' | 'LAST_ADMIN' | 'WEAK_PASSWORD' | 'INVALID';

export class UserStoreError extends Error {
  constructor(
    readonly code: UserErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UserStoreError';
  }
}

export interface UserStoreOptions {
  /** The SQLite file (e.g. `<data dir>/users.sqlite`), or `:memory:`. */
  path: string;
  clock: Clock;
  /** scrypt cost of new hashes (tests use a cheap one). */
  cost?: ScryptCost;
}

interface Row {
  username: string;
  role: string;
  password_hash: string;
  disabled: number;
  created_at: string;
  updated_at: string;
}

const toUser = (r: Row): User => ({
  username: r.username,
  role: r.role as Role,
  disabled: r.disabled === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * Every human user has an account of their own (no shared accounts): names are unique, and a user is
 * disabled rather than deleted so the audit trail keeps naming someone who existed. The store refuses
 * to disable or demote the last enabled admin.
 */
export class UserStore {
  /** The users' second factor (TOTP and recovery codes), in the same file. */
  readonly mfa: MfaStore;
  private readonly db: Database.Database;
  private readonly clock: Clock;
  private readonly cost: ScryptCost;
  private dummyHash: Promise<string> | undefined;

  constructor(options: UserStoreOptions) {
    this.clock = options.clock;
    this.cost = options.cost ?? DEFAULT_SCRYPT_COST;
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    const roles = ROLES.map((r) => `'${r}'`).join(', ');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS users (
        username TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN (${roles})),
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        password_weak INTEGER NOT NULL DEFAULT 0 CHECK (password_weak IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
    this.mfa = new MfaStore(this.db, this.clock);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  get(username: string): User | undefined {
    const row = this.row(username);
    return row && toUser(row);
  }

  list(): User[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY username').all() as Row[]).map(toUser);
  }

  /**
   * Adds a user. The password must pass the policy, unless `allowWeak` (only the first admin outside
   * production may get a weak one, and the store remembers it: see `weakPasswordAdmins`).
   */
  async add(
    username: string,
    password: string,
    role: Role,
    options: { allowWeak?: boolean } = {},
  ): Promise<User> {
    if (!USERNAME.test(username))
      throw new UserStoreError('INVALID', `user name must match ${USERNAME_PATTERN}`);
    const weak = passwordProblems(password, username).length > 0;
    if (weak && options.allowWeak !== true) this.checkPassword(password, username);
    if (password.length === 0) throw new UserStoreError('WEAK_PASSWORD', 'empty password');
    if (this.row(username)) throw new UserStoreError('EXISTS', `user ${username} exists`);
    const hash = await hashPassword(password, this.cost);
    const now = this.now();
    try {
      this.db
        .prepare(
          'INSERT INTO users (username, role, password_hash, disabled, password_weak, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?, ?)',
        )
        .run(username, role, hash, weak ? 1 : 0, now, now);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
        throw new UserStoreError('EXISTS', `user ${username} exists`);
      throw err;
    }
    return this.mustGet(username);
  }

  setRole(username: string, role: Role): User {
    const user = this.mustGet(username);
    if (user.role === 'admin' && role !== 'admin' && !user.disabled) this.keepAnAdmin(username);
    this.update(username, 'role = ?', role);
    return this.mustGet(username);
  }

  setDisabled(username: string, disabled: boolean): User {
    const user = this.mustGet(username);
    if (disabled && user.role === 'admin' && !user.disabled) this.keepAnAdmin(username);
    this.update(username, 'disabled = ?', disabled ? 1 : 0);
    return this.mustGet(username);
  }

  async setPassword(username: string, password: string): Promise<User> {
    this.mustGet(username);
    this.checkPassword(password, username);
    const hash = await hashPassword(password, this.cost);
    this.db
      .prepare(
        'UPDATE users SET password_hash = ?, password_weak = 0, updated_at = ? WHERE username = ?',
      )
      .run(hash, this.now(), username);
    return this.mustGet(username);
  }

  /**
   * The enabled user with these credentials, or null. An unknown name is checked against a dummy hash
   * and a disabled user's password is still verified, so neither answers faster than a wrong password.
   */
  async authenticate(username: string, password: string): Promise<User | null> {
    const row = this.row(username);
    if (!row) {
      this.dummyHash ??= hashPassword(randomBytes(18).toString('base64url'), this.cost);
      await verifyPassword(password, await this.dummyHash);
      return null;
    }
    const ok = await verifyPassword(password, row.password_hash);
    if (!ok || row.disabled === 1) return null;
    if (needsRehash(row.password_hash, this.cost))
      this.update(username, 'password_hash = ?', await hashPassword(password, this.cost));
    return toUser(row);
  }

  /** Enabled admins whose password was accepted below the policy (refused at a production start). */
  weakPasswordAdmins(): string[] {
    return (
      this.db
        .prepare(
          "SELECT username FROM users WHERE role = 'admin' AND disabled = 0 AND password_weak = 1 ORDER BY username",
        )
        .all() as { username: string }[]
    ).map((r) => r.username);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private row(username: string): Row | undefined {
    return this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as
      Row | undefined;
  }

  private mustGet(username: string): User {
    const user = this.get(username);
    if (!user) throw new UserStoreError('UNKNOWN', `unknown user ${username}`);
    return user;
  }

  private update(username: string, assignment: string, value: string | number): void {
    this.db
      .prepare(`UPDATE users SET ${assignment}, updated_at = ? WHERE username = ?`)
      .run(value, this.now(), username);
  }

  private keepAnAdmin(leaving: string): void {
    const others = this.db
      .prepare(
        "SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0 AND username <> ?",
      )
      .get(leaving) as { n: number };
    if (others.n === 0)
      throw new UserStoreError('LAST_ADMIN', 'refused: this would leave no enabled admin');
  }

  private checkPassword(password: string, username: string): void {
    const problems = passwordProblems(password, username);
    if (problems.length > 0)
      throw new UserStoreError('WEAK_PASSWORD', `password refused: ${problems.join('; ')}`);
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
