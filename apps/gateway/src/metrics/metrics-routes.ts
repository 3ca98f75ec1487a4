// GET /metrics: the app's Prometheus registry in the text exposition format.
import { API_ROUTES } from '@zld/api';
import type { FastifyInstance } from 'fastify';
import { defineRoute } from '../http/define-route.js';

export async function metricsRoutes(app: FastifyInstance): Promise<void> {
  const { registry } = app.metrics;
  defineRoute(app, API_ROUTES.metrics, {
    handler: async (_request, reply) => {
      const text = await registry.metrics();
      return reply.type(registry.contentType).send(text);
    },
  });
}
