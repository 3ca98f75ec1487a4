// GET /healthz: liveness, each PLC's link state and, when the gateway has a historian, the historian's.
import { API_ROUTES, type HealthDto, type HistorianHealthDto } from '@zld/api';
import type { FastifyInstance } from 'fastify';
import { defineRoute } from '../http/define-route.js';
import type { Runtime } from '../runtime/runtime.js';

export interface HealthRoutesOptions {
  runtime: Runtime;
  /** The historian's health (the history service's); unset: no historian, answered as null. */
  historian?: () => HistorianHealthDto;
}

export async function healthRoutes(app: FastifyInstance, opts: HealthRoutesOptions): Promise<void> {
  const { runtime } = opts;
  defineRoute(app, API_ROUTES.healthz, {
    handler: async () => {
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
      const historian = opts.historian?.() ?? null;
      const plcsOk = plcs.every((p) => p.connected && !p.demoted);
      const status: HealthDto['status'] =
        plcsOk && (historian === null || historian.connected) ? 'ok' : 'degraded';
      return {
        status,
        time: new Date(h.time).toISOString(),
        clock: runtime.timebase.mode,
        uptimeS: Math.round(h.uptimeMs / 100) / 10,
        plcs,
        historian,
      };
    },
  });
}
