// GET /healthz: liveness, each PLC's link state and, when the history feature runs, the historian's.
import { API_ROUTES, type HealthDto, type HistorianHealthDto } from '@zld/api';
import type { FastifyInstance } from 'fastify';
import { defineRoute } from '../http/define-route.js';
import { errorResponses, noQuery } from '../http/schemas.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Set by the history feature: the historian's health for /healthz (null: no historian). */
    historianHealth: { of: (() => HistorianHealthDto) | null };
  }
}

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  const { runtime } = app;
  defineRoute(app, API_ROUTES.healthz, {
    schema: { querystring: noQuery, response: { 200: { $ref: 'Health#' }, ...errorResponses } },
    handler: async (): Promise<HealthDto> => {
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
      const historian = app.historianHealth.of?.() ?? null;
      const plcsOk = plcs.every((p) => p.connected && !p.demoted);
      return {
        status: plcsOk && (historian === null || historian.connected) ? 'ok' : 'degraded',
        time: new Date(h.time).toISOString(),
        clock: runtime.timebase.mode,
        uptimeS: Math.round(h.uptimeMs / 100) / 10,
        plcs,
        historian,
      };
    },
  });
}
