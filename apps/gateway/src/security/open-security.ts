// Opens the security stores in the data dir (users.sqlite, audit.sqlite with its key and anchors, state.sqlite), verifies the
// audit trail, creates the first admin, and the session parts.
import type { Clock } from '@zld/tags';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Authorizer } from '../http/access-plugin.js';
import type { AuditVerification } from '../audit/audit-chain.js';
import { AuditKeyError, loadAuditKey } from '../audit/audit-key.js';
import { AuditStore, type AuditCapacity } from '../audit/audit-store.js';
import { StateStore } from '../state/state-store.js';
import { createAuthorizer } from './authorizer.js';
import {
  bootstrapAdmin,
  FIRST_ADMIN,
  StartupRefusedError,
  type BootstrapResult,
} from './bootstrap-admin.js';
import { LoginThrottle, type ThrottlePolicy } from './login-throttle.js';
import type { ScryptCost } from './password-hash.js';
import { SessionManager, type SessionPolicy } from './session-manager.js';
import { UserStore } from './user-store.js';

export interface OpenSecurityOptions {
  /**
   * `ZLD_DATA_DIR`; the stores are `users.sqlite`, `audit.sqlite` and `state.sqlite` (sessions,
   * command ids, the gateway's heartbeat) in it.
   */
  dataDir: string;
  /** Real time (the wall clock). */
  clock: Clock;
  /** `ZLD_ADMIN_PASSWORD`, read by the entry module. */
  adminPassword?: string | undefined;
  /**
   * Refuse demo admin passwords (see `bootstrapAdmin`) and an audit key file others can read;
   * engineers and admins must use MFA.
   */
  production?: boolean;
  /** The audit trail's key file (`--audit-key-file`); default `<dataDir>/audit.key`, made when missing. */
  auditKeyFile?: string | undefined;
  /** Warnings while opening (a key file others can read, outside production). */
  warn?: (message: string) => void;
  sessionPolicy?: Partial<SessionPolicy>;
  throttlePolicy?: Partial<ThrottlePolicy>;
  scryptCost?: ScryptCost;
  audit?: { maxRows?: number; maxBytes?: number; warnAt?: number };
  onAuditCapacityWarning?: (capacity: AuditCapacity) => void;
}

export interface SecurityParts {
  users: UserStore;
  audit: AuditStore;
  sessions: SessionManager;
  /** Command ids, sessions and the gateway's heartbeat, kept across a restart. */
  state: StateStore;
  throttle: LoginThrottle;
  /** For `buildApp({ authorizer })`. */
  authorizer: Authorizer;
  bootstrap: BootstrapResult;
  /** The audit trail as verified when it was opened (before anything was recorded to it). */
  auditCheck: AuditVerification;
  /** Engineers and admins must use MFA (`production`): pass it to `buildApp({ security: { requireMfa } })`. */
  requireMfa: boolean;
  close(): void;
}

export async function openSecurity(options: OpenSecurityOptions): Promise<SecurityParts> {
  mkdirSync(options.dataDir, { recursive: true });
  let key: Buffer;
  try {
    key = loadAuditKey({
      keyFile: options.auditKeyFile,
      dataDir: options.dataDir,
      production: options.production ?? false,
      create: true,
      ...(options.warn ? { warn: options.warn } : {}),
    }).key;
  } catch (err) {
    if (err instanceof AuditKeyError) throw new StartupRefusedError(err.message);
    throw err;
  }
  const audit = new AuditStore({
    path: join(options.dataDir, 'audit.sqlite'),
    anchorFile: join(options.dataDir, 'audit-anchors.jsonl'),
    key,
    clock: options.clock,
    ...options.audit,
    ...(options.onAuditCapacityWarning
      ? { onCapacityWarning: options.onAuditCapacityWarning }
      : {}),
  });
  // Checked before anything is recorded; a broken trail is recorded, anchored as found, and alarmed
  // by the gateway (SYS.AUDIT), which keeps running so operators still see the plant.
  const auditCheck = audit.verify();
  if (!auditCheck.ok)
    audit.record({
      category: 'system',
      action: 'audit-verify',
      outcome: 'failure',
      reason: auditCheck.reason ?? null,
      details: { ...auditCheck },
    });
  audit.anchor();
  const users = new UserStore({
    path: join(options.dataDir, 'users.sqlite'),
    clock: options.clock,
    ...(options.scryptCost ? { cost: options.scryptCost } : {}),
  });
  let bootstrap: BootstrapResult;
  try {
    bootstrap = await bootstrapAdmin(users, {
      adminPassword: options.adminPassword,
      production: options.production ?? false,
    });
  } catch (err) {
    audit.record({
      category: 'system',
      action: 'start-refused',
      outcome: 'refused',
      reason: (err as Error).message,
    });
    users.close();
    audit.close();
    throw err;
  }
  if (bootstrap.created)
    audit.record({
      category: 'user',
      action: 'user-add',
      outcome: 'success',
      user: null,
      target: FIRST_ADMIN,
      newValue: { role: 'admin' },
      reason: bootstrap.generatedPassword ? 'first start: random password' : 'first start',
    });
  const state = new StateStore(join(options.dataDir, 'state.sqlite'));
  const sessions = new SessionManager(options.clock, options.sessionPolicy, state.sessions);
  endStaleSessions(sessions, users, audit);
  return {
    users,
    audit,
    sessions,
    state,
    throttle: new LoginThrottle(options.throttlePolicy),
    authorizer: createAuthorizer(sessions),
    bootstrap,
    auditCheck,
    requireMfa: options.production ?? false,
    close() {
      users.close();
      state.close();
      try {
        if (audit.database.open) audit.anchor(); // the head at stop, for the next start's check
      } finally {
        audit.close();
      }
    },
  };
}

/** Restored sessions whose user was deleted, disabled or given another role meanwhile end (audited). */
function endStaleSessions(sessions: SessionManager, users: UserStore, audit: AuditStore): void {
  for (const s of sessions.list()) {
    const u = users.get(s.username);
    const why = !u
      ? 'user deleted'
      : u.disabled
        ? 'user disabled'
        : u.role !== s.role
          ? 'role changed'
          : null;
    if (why === null || !sessions.end(s, 'user-changed')) continue;
    audit.record({
      category: 'auth',
      action: 'session-end',
      outcome: 'success',
      user: s.username,
      source: s.source,
      target: s.username,
      reason: `user-changed (${why} while the gateway was stopped)`,
      details: { session: s.ref },
    });
  }
}
