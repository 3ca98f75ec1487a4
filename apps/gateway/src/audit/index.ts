// The append-only audit trail and its route.
export { AuditStore } from './audit-store.js';
export type {
  AuditCategory,
  AuditOutcome,
  AuditEvent,
  AuditRecord,
  AuditSink,
  AuditCapacity,
  AuditStoreOptions,
} from './audit-store.js';
export { auditPlugin } from './audit-plugin.js';
export type { AuditPluginOptions } from './audit-plugin.js';
