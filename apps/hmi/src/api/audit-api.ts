// `GET /api/audit?from&to`: the operator actions of a window (engineers and above).
import { API_ROUTES, type AuditRecordDto } from '@zld/api';
import { request } from './http.js';

export function fetchAudit(
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<AuditRecordDto[]> {
  return request(API_ROUTES.audit, {
    query: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    ...(signal ? { signal } : {}),
  });
}
