// GET /healthz: liveness, each PLC's link state (and, once wired, the historian's).
import { API_ROUTES, type HealthDto } from '@zld/api';
import type { FastifyInstance } from 'fastify';
import { defineRoute } from '../http/define-route.js';
import { errorResponses, noQuery } from '../http/schemas.js';

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  const { runtime } = app;
  defineRoute(
    app,
    API_ROUTES.healthz,
    { querystring: noQuery, response: { 200: { $ref: 'Health#' }, ...errorResponses } },
    async (): Promise<HealthDto> => {
      const h = runtime.health();
      const plcs = h.plcs.map((s) => ({
        id: s.plcId,
        protocol: s.protocol,
        connected: s.connected,
        demoted: s.demoted,
        demotedUntil: s.demotedUntil === null ? null : new Date(s.demotedUntil).toISOString(),
        lastError: s.lastError,
        consecutiveTimeouts: s.consecutiveTimeouts,
      }));
      return {
        status: plcs.every((p) => p.connected && !p.demoted) ? 'ok' : 'degraded',
        time: new Date(h.time).toISOString(),
        clock: runtime.timebase.mode,
        uptimeS: Math.round(h.uptimeMs / 100) / 10,
        plcs,
        historian: null,
      };
    },
  );
}
