// Registers one contract route (method, path and least access from `@zld/api`) with its schema and handler.
import type { RouteSpec } from '@zld/api';
import type { FastifyInstance, FastifySchema, RouteHandlerMethod } from 'fastify';

export function defineRoute(
  app: FastifyInstance,
  spec: RouteSpec,
  schema: FastifySchema,
  handler: RouteHandlerMethod,
): void {
  app.route({
    method: spec.method,
    url: spec.path,
    config: { access: spec.access },
    schema,
    handler,
  });
}
