// Registers one route of `API_ROUTES`: method, path, least access and schemas from its row; the handler typed by them. The one way routes are added.
import type { ApiRoute, BodyOf, ParamsOf, QueryOf, ReplyOf, RouteSpec } from '@zld/api';
import type {
  FastifyContextConfig,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchema,
  RouteGenericInterface,
  RouteHandlerMethod,
} from 'fastify';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { bodyMayBeEmpty } from './request-guards.js';

/** A request to route `R` as fastify types it: params, querystring and body as the row's schemas let them through. */
export interface RequestOf<R extends ApiRoute> {
  Params: ParamsOf<R>;
  Querystring: QueryOf<R>;
  Body: BodyOf<R>;
}

/**
 * A route's handler: it answers the row's success type (checked by the compiler; fastify serialises it
 * with the row's schema), or sends through `reply` itself (another status, a stream, a file).
 */
export type RouteHandler<R extends ApiRoute> = (
  request: FastifyRequest<RequestOf<R>>,
  reply: FastifyReply<RequestOf<R>>,
) => Promise<ReplyOf<R> | FastifyReply<RequestOf<R>>>;

export interface RouteDefinition<R extends ApiRoute> {
  handler: RouteHandler<R>;
  /** Runs before validation: refuses what the validator would coerce (after the empty-body guard of `bodyOptional` rows). */
  preValidation?: (request: FastifyRequest) => Promise<void>;
  /** Route config beside the access the row declares (e.g. `rateLimit`). */
  config?: Omit<FastifyContextConfig, 'access'>;
}

/** A route's schema for fastify: a fresh copy each time (fastify marks and rewrites the object it is given). */
function schemaOf(route: ApiRoute): FastifySchema {
  const { response, ...rest } = route.schema;
  return { ...rest, response: { ...response } };
}

/**
 * `defineRoute(app, API_ROUTES.tag, { handler })`. The row's access goes into `config.access`, which
 * the access hook asks the authorizer about on every request; its schemas (inline, no `$ref`) validate
 * the request and serialise the answers; a `bodyOptional` row reads a request without a body as `{}`.
 */
export function defineRoute<R extends ApiRoute>(
  app: FastifyInstance,
  route: R,
  definition: RouteDefinition<R>,
): void {
  const guards = [
    ...(route.bodyOptional === true ? [bodyMayBeEmpty] : []),
    ...(definition.preValidation ? [definition.preValidation] : []),
  ];
  const { handler } = definition;
  app.route<RequestOf<R>>({
    method: route.method,
    url: route.path,
    config: { ...definition.config, access: route.access },
    schema: schemaOf(route),
    ...(guards.length > 0 ? { preValidation: guards } : {}),
    handler: (request, reply) => handler(request, reply),
  });
}

/** A route that is not part of the API (the HMI's page catch-all): its own spec and fastify schema. */
export function defineOtherRoute<T extends RouteGenericInterface>(
  app: FastifyInstance,
  spec: RouteSpec,
  definition: {
    schema: FastifySchema;
    handler: RouteHandlerMethod<Server, IncomingMessage, ServerResponse, T>;
  },
): void {
  app.route<T>({
    method: spec.method,
    url: spec.path,
    config: { access: spec.access },
    schema: definition.schema,
    handler: definition.handler,
  });
}
