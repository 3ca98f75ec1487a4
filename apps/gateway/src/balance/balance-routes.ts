// GET /api/water-balance (viewer): the latest balance; 503 until the first one is computed, 404 for a plant without one.
import { API_ROUTES } from '@zld/api';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../http/api-error.js';
import { defineRoute } from '../http/define-route.js';
import type { BalanceService } from './balance-service.js';

export interface BalanceRoutesOptions {
  /** None when the plant file defines no water balance: the route answers 404. */
  service?: BalanceService;
}

async function registerBalanceRoutes(
  app: FastifyInstance,
  opts: BalanceRoutesOptions,
): Promise<void> {
  const { service } = opts;
  defineRoute(app, API_ROUTES.waterBalance, {
    handler: async () => {
      if (service === undefined)
        throw new ApiError(
          'NOT_FOUND',
          'this plant has no water balance (its plant file defines none)',
        );
      const result = service.current();
      if (result === null)
        throw new ApiError(
          'UNAVAILABLE',
          'the water balance has no data yet: no PLC value received',
        );
      return result;
    },
  });
}

export const balanceRoutes = fp(registerBalanceRoutes, {
  name: 'zld-balance',
  fastify: '5.x',
  dependencies: ['zld-access', 'zld-errors'],
});
