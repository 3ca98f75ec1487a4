// GET /healthz: liveness for anyone; for a viewer or above also each PLC's link state and the historian's.
import { API_ROUTES, type HealthDto, type HistorianHealthDto } from '@zld/api';
import type { FastifyInstance } from 'fastify';
import { defineRoute } from '../http/define-route.js';
import type { Runtime } from '../runtime/runtime.js';

export interface HealthRoutesOptions {
  runtime: Runtime;
  /** The historian's health (the history service's); unset: no historian, answered as null. */
  historian?: () => HistorianHealthDto;
  /**
   * The details (PLCs, historian, clock) only for a request with a session (any role, viewer and up);
   * others get `{status, time}`. Set with users and sessions; without them (tests of the core) everyone
   * gets the details.
   */
  detailsNeedSession?: boolean;
}

export async function healthRoutes(app: FastifyInstance, opts: HealthRoutesOptions): Promise<void> {
  const { runtime } = opts;
  defineRoute(app, API_ROUTES.healthz, {
    // Anyone (a load balancer) learns whether the gateway is up and healthy; PLC errors (with addresses
    // in them) and the historian's state are for a session: the access hook identified its user.
    handler: async (request) => {
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
      const time = new Date(h.time).toISOString();
      if (opts.detailsNeedSession === true && request.user === null) return { status, time };
      return {
        status,
        time,
        clock: runtime.timebase.mode,
        uptimeS: Math.round(h.uptimeMs / 100) / 10,
        plcs,
        historian,
      };
    },
  });
}
