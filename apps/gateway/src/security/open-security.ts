// Opens the security stores in the data dir (users.sqlite, audit.sqlite, state.sqlite), creates the first admin, and the session parts.
import type { Clock } from '@zld/tags';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Authorizer } from '../http/access-plugin.js';
import { AuditStore, type AuditCapacity } from '../audit/audit-store.js';
import { StateStore } from '../state/state-store.js';
import { createAuthorizer } from './authorizer.js';
import { bootstrapAdmin, FIRST_ADMIN, type BootstrapResult } from './bootstrap-admin.js';
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
  /** Refuse demo admin passwords (see `bootstrapAdmin`); engineers and admins must use MFA. */
  production?: boolean;
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
  /** Engineers and admins must use MFA (`production`): pass it to `buildApp({ security: { requireMfa } })`. */
  requireMfa: boolean;
  close(): void;
}

export async function openSecurity(options: OpenSecurityOptions): Promise<SecurityParts> {
  mkdirSync(options.dataDir, { recursive: true });
  const audit = new AuditStore({
    path: join(options.dataDir, 'audit.sqlite'),
    clock: options.clock,
    ...options.audit,
    ...(options.onAuditCapacityWarning
      ? { onCapacityWarning: options.onAuditCapacityWarning }
      : {}),
  });
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
    requireMfa: options.production ?? false,
    close() {
      users.close();
      state.close();
      audit.close();
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
