// The security half of the app: audit trail, users and sessions, the command path (`app.commands`), and the socket.io check.
import type { Clock } from '@zld/tags';
import type { FastifyInstance } from 'fastify';
import { approvalRoutes } from './approvals/approval-routes.js';
import { ApprovalService } from './approvals/approval-service.js';
import { auditPlugin } from './audit/audit-plugin.js';
import type { AuditVerification } from './audit/audit-chain.js';
import type { AuditStore } from './audit/audit-store.js';
import { commandPlugin } from './commands/command-plugin.js';
import { CommandService, type CommandServiceOptions } from './commands/command-service.js';
import type { SocketAuthenticator } from './live/live-plugin.js';
import type { Runtime } from './runtime/runtime.js';
import type { HashGate } from './security/hash-gate.js';
import type { Lockout, LoginThrottle } from './security/login-throttle.js';
import type { RateLimitSetting } from './http/rate-limit.js';
import { securityPlugin } from './security/security-plugin.js';
import type { SessionManager } from './security/session-manager.js';
import type { OriginPolicy } from './security/origin-policy.js';
import { createSocketAuth } from './security/socket-auth.js';
import type { UserStore } from './security/user-store.js';
import type { StateStore } from './state/state-store.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The one command path (with `security`): writes, select-before-operate, cancel. */
    commands: CommandService;
    /** Two-person approval of what the plant file marks (with `security`). */
    approvals: ApprovalService;
  }
}

export interface AppSecurity {
  /** Users, sessions, the login throttle and the audit trail: `openSecurity(...)`, or assembled by tests. */
  parts: {
    users: UserStore;
    sessions: SessionManager;
    throttle: LoginThrottle;
    audit: AuditStore;
    /** Bounded password checks (default: `new HashGate()`). */
    hashGate?: HashGate;
    /** Command ids kept across a restart (`state.sqlite`); without it, in memory only. */
    state?: StateStore;
  };
  /** Real time for sessions, throttle, select timeouts and read-back (the wall clock, also with --clock plc). */
  clock: Clock;
  /** Cookies marked Secure. Default: when the app serves TLS. Behind a TLS-terminating proxy: true. */
  secureCookies?: boolean;
  /**
   * Engineers and admins must use MFA (`--production`): without it they get a session open to MFA
   * enrolment only. Default false (MFA optional for everyone).
   */
  requireMfa?: boolean;
  /**
   * Origins other than the served one that may use a session (`--allowed-origin`): REST writes with
   * the cookie and socket.io handshakes. `scheme://host[:port]`, normalised by the config.
   */
  allowedOrigins?: readonly string[];
  /** socket.io connections one session may hold at once (default 8). */
  socketsPerSession?: number;
  /** A login lock-out began (it is audited already): e.g. raise an alarm. */
  onLockout?: (lockout: Lockout) => void;
  /** `GET /api/audit/verify` answered: e.g. raise or clear the audit-trail alarm. */
  onAuditVerified?: (result: AuditVerification) => void;
  /** Per source address; defaults: login 20/min, user routes 60/min, write, select and cancel 60/min each. */
  rateLimits?: { login?: RateLimitSetting; users?: RateLimitSetting; commands?: RateLimitSetting };
  /**
   * Options of the command service beyond the plant, current values, audit and clock the app passes:
   * `onReadbackFailure` and `onReadbackVerified` (feed the alarm service: `openServices(...).commands`),
   * timeouts, and `port` (default: the runtime's driver of the PLC).
   */
  commands?: Partial<Omit<CommandServiceOptions, 'plant' | 'values' | 'audit' | 'clock'>>;
}

/**
 * Registers the audit, security and command plugins on the app (the access plugin must be registered,
 * with `createAuthorizer(parts.sessions)`), and answers the socket.io check tied to the sessions.
 */
/** The origin rules of the app: its scheme, whether a proxy is trusted, the allowed origins. */
export function originPolicyOf(
  security: AppSecurity,
  tls: boolean,
  trustProxy: boolean,
): OriginPolicy {
  return { tls, trustProxy, allowedOrigins: security.allowedOrigins ?? [] };
}

export function registerSecurity(
  app: FastifyInstance,
  runtime: Runtime,
  security: AppSecurity,
  tls: boolean,
  origins: OriginPolicy,
): SocketAuthenticator {
  const { users, sessions, throttle, audit, hashGate, state } = security.parts;
  const limits = security.rateLimits ?? {};
  app.register(auditPlugin, {
    store: audit,
    ...(security.onAuditVerified ? { onVerified: security.onAuditVerified } : {}),
  });
  app.register(securityPlugin, {
    users,
    sessions,
    throttle,
    ...(hashGate ? { hashGate } : {}),
    ...(security.onLockout ? { onLockout: security.onLockout } : {}),
    audit,
    clock: security.clock,
    secureCookies: security.secureCookies ?? tls,
    requireMfa: security.requireMfa ?? false,
    rateLimits: {
      ...(limits.login ? { login: limits.login } : {}),
      ...(limits.users ? { users: limits.users } : {}),
    },
  });
  // People's time limit: real time, like the select timeout.
  const approvals = new ApprovalService({
    clock: security.clock,
    audit,
    timeLimitMs: runtime.plant.approvals.timeLimitS * 1000,
    roleOf: (name) => {
      const u = users.get(name);
      return u && !u.disabled ? u.role : null;
    },
  });
  app.decorate('approvals', approvals);
  app.register(approvalRoutes, {
    service: approvals,
    ...(limits.commands ? { rateLimit: limits.commands } : {}),
  });
  const service = new CommandService({
    plant: runtime.plant,
    values: (name) => runtime.value(name),
    port: (plcId) => runtime.driver(plcId),
    audit,
    clock: security.clock,
    ...(state ? { ledgerStore: state.commandIds } : {}),
    ...security.commands,
  });
  app.decorate('commands', service);
  app.register(commandPlugin, {
    service,
    approvals,
    ...(limits.commands ? { rateLimit: limits.commands } : {}),
  });

  const socketAuth = createSocketAuth(sessions, {
    origins,
    ...(security.socketsPerSession !== undefined
      ? { maxPerSession: security.socketsPerSession }
      : {}),
  });
  app.addHook('onClose', async () => socketAuth.dispose());
  return socketAuth.middleware;
}
