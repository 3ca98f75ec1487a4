// Registers one route from its `@zld/api` RouteSpec (method, path, least access) with its schemas and handler: the one way routes are added.
import type { RouteSpec } from '@zld/api';
import type {
  FastifyContextConfig,
  FastifyInstance,
  FastifyRequest,
  FastifySchema,
  RouteGenericInterface,
  RouteHandlerMethod,
} from 'fastify';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** A route's handler; `T` types `request.params`, `request.query` and `request.body` as its schemas allow. */
export type RouteHandler<T extends RouteGenericInterface> = RouteHandlerMethod<
  Server,
  IncomingMessage,
  ServerResponse,
  T
>;

export interface RouteDefinition<T extends RouteGenericInterface> {
  /** params, querystring, body and response schemas: fastify validates requests and serialises answers with them. */
  schema: FastifySchema;
  handler: RouteHandler<T>;
  /** Runs before validation: refuses what the validator would coerce, or fills an absent body. */
  preValidation?: (request: FastifyRequest<T>) => Promise<void>;
  /** Route config beside the access the spec declares (e.g. `rateLimit`). */
  config?: Omit<FastifyContextConfig, 'access'>;
}

/**
 * `defineRoute<{ Params: { name: string } }>(app, API_ROUTES.tag, { schema, handler })`. The spec's
 * access goes into `config.access`, which the access hook asks the authorizer about on every request.
 */
export function defineRoute<T extends RouteGenericInterface = RouteGenericInterface>(
  app: FastifyInstance,
  spec: RouteSpec,
  route: RouteDefinition<T>,
): void {
  app.route<T>({
    method: spec.method,
    url: spec.path,
    config: { ...route.config, access: spec.access },
    schema: route.schema,
    ...(route.preValidation ? { preValidation: route.preValidation } : {}),
    handler: route.handler,
  });
}
