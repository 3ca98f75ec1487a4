// GET /metrics: the app's Prometheus registry in the text exposition format.
import { API_ROUTES } from '@zld/api';
import type { FastifyInstance } from 'fastify';
import { defineRoute } from '../http/define-route.js';
import { errorResponses, noQuery } from '../http/schemas.js';

export async function metricsRoutes(app: FastifyInstance): Promise<void> {
  const { registry } = app.metrics;
  defineRoute(app, API_ROUTES.metrics, {
    schema: { querystring: noQuery, response: { 200: { type: 'string' }, ...errorResponses } },
    handler: async (_request, reply) => {
      const text = await registry.metrics();
      return reply.type(registry.contentType).send(text);
    },
  });
}
