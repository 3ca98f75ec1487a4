// Users, sessions, roles and the security plugin (auth and user routes, headers).
export { hashPassword, verifyPassword, needsRehash, DEFAULT_SCRYPT_COST } from './password-hash.js';
export type { ScryptCost } from './password-hash.js';
export {
  passwordProblems,
  DENIED_PASSWORDS,
  MIN_PASSWORD_LENGTH,
  MIN_PASSWORD_SCORE,
} from './password-policy.js';
export { UserStore, UserStoreError } from './user-store.js';
export type { User, UserErrorCode, UserStoreOptions } from './user-store.js';
export { bootstrapAdmin, StartupRefusedError, FIRST_ADMIN } from './bootstrap-admin.js';
export type { BootstrapOptions, BootstrapResult } from './bootstrap-admin.js';
export { SessionManager, DEFAULT_SESSION_POLICY } from './session-manager.js';
export type {
  Session,
  SessionPolicy,
  SessionEndReason,
  IssuedSession,
  ResolvedSession,
} from './session-manager.js';
export { LoginThrottle, DEFAULT_THROTTLE_POLICY } from './login-throttle.js';
export type {
  Lockout,
  ThrottlePolicy,
  ThrottleRule,
  ThrottleDecision,
  ThrottleScope,
} from './login-throttle.js';
export { HashGate, HashGateBusyError, DEFAULT_HASH_GATE_POLICY } from './hash-gate.js';
export type { HashGatePolicy } from './hash-gate.js';
export { credentialOf, sessionCookie, clearedSessionCookie } from './credentials.js';
export type { Credential } from './credentials.js';
export { createAuthorizer, sessionOf, isLoopback } from './authorizer.js';
export { createSocketAuth } from './socket-auth.js';
export type { SocketAuth, SocketAuthOptions } from './socket-auth.js';
export { helmetOptions, securityHeadersPlugin } from './security-headers.js';
export type { SecurityHeadersOptions } from './security-headers.js';
export { httpsOptions } from './tls.js';
export type { TlsFiles, HttpsServerOptions } from './tls.js';
export { securityPlugin } from './security-plugin.js';
export type { SecurityPluginOptions, SecurityContext } from './security-plugin.js';
export { rateLimitError } from '../http/rate-limit.js';
export type { RateLimitSetting } from '../http/rate-limit.js';
export { openSecurity } from './open-security.js';
export type { OpenSecurityOptions, SecurityParts } from './open-security.js';
