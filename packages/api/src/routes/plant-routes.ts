// The water balance, the audit trail, health, metrics and this API's own OpenAPI document.
import { Type } from '../schemas/type.js';
import {
  AuditQuerySchema,
  AuditRecordSchema,
  AuditVerificationSchema,
} from '../schemas/audit-schemas.js';
import { WaterBalanceSchema } from '../schemas/balance-schemas.js';
import { errorReplies } from '../schemas/common-schemas.js';
import { HealthSchema, HealthSummarySchema } from '../schemas/health-schemas.js';
import { NoFields, OpenObject } from '../schemas/json-types.js';
import type { ApiRoute } from '../route-spec.js';

const noQuery = NoFields();

export const PLANT_ROUTES = {
  waterBalance: {
    method: 'GET',
    path: '/api/water-balance',
    access: 'viewer',
    summary: 'The current water balance (503 until the first one is computed)',
    schema: { querystring: noQuery, response: { 200: WaterBalanceSchema, ...errorReplies } },
  },
  audit: {
    method: 'GET',
    path: '/api/audit',
    access: 'engineer',
    summary: 'The audit trail in a window, oldest first (default the last 24 h, 1000 records)',
    schema: {
      querystring: AuditQuerySchema,
      response: { 200: Type.Array(AuditRecordSchema), ...errorReplies },
    },
  },
  auditVerify: {
    method: 'GET',
    path: '/api/audit/verify',
    access: 'engineer',
    summary:
      "Re-computes the audit trail's keyed chain and compares it with its anchors: ok, or the first record that does not fit",
    schema: {
      querystring: noQuery,
      response: { 200: AuditVerificationSchema, ...errorReplies },
    },
  },
  healthz: {
    method: 'GET',
    path: '/healthz',
    access: 'anyone',
    summary:
      "Liveness ({status, time}); with a viewer's session also each PLC's link state and the historian's",
    schema: {
      querystring: noQuery,
      response: { 200: Type.Union([HealthSchema, HealthSummarySchema]), ...errorReplies },
    },
  },
  metrics: {
    method: 'GET',
    path: '/metrics',
    access: 'loopback-or-token',
    summary: 'Prometheus metrics (text exposition format); without a session from loopback only',
    produces: 'text/plain',
    schema: { querystring: noQuery, response: { 200: Type.String(), ...errorReplies } },
  },
  /** This document: every route of the table, generated from the schemas the gateway validates with. */
  openapi: {
    method: 'GET',
    path: '/api/openapi.json',
    access: 'viewer',
    summary: 'The OpenAPI 3.1 document of this API',
    schema: { querystring: noQuery, response: { 200: OpenObject(), ...errorReplies } },
  },
} as const satisfies Record<string, ApiRoute>;
