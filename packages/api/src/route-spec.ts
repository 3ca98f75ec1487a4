// What a route of the API declares: method, path, least access and the schemas of its requests and answers.
import type { Static, TSchema } from '@sinclair/typebox';
import type { Access } from './roles.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteSpec {
  readonly method: HttpMethod;
  /** A fastify-style path; `:name` marks a parameter. */
  readonly path: string;
  readonly access: Access;
}

/**
 * fastify's route `schema` as it is: `params`, `querystring`, `body`, and `response` per status (`200`,
 * `201`, `4xx`, `5xx`). Every schema is inline (no `$id`, no `$ref`), so it is passed to fastify as is.
 */
export interface RouteSchema {
  readonly params?: TSchema;
  readonly querystring: TSchema;
  readonly body?: TSchema;
  readonly response: Readonly<Record<string, TSchema>>;
}

export interface ApiRoute extends RouteSpec {
  /** One line for people (the OpenAPI operation's summary). */
  readonly summary: string;
  readonly schema: RouteSchema;
  /** A request without any body is read as `{}` (the route's body schema takes no required field). */
  readonly bodyOptional?: boolean;
  /** The media type of the success answer when it is not JSON (its schema is then `{type: 'string'}`). */
  readonly produces?: string;
}

/** The schema of a route's success answer (200, else 201). */
export type ReplySchemaOf<R extends ApiRoute> = R['schema']['response'] extends {
  readonly 200: infer S extends TSchema;
}
  ? S
  : R['schema']['response'] extends { readonly 201: infer S extends TSchema }
    ? S
    : never;

/** The type of a route's success answer. */
export type ReplyOf<R extends ApiRoute> = Static<ReplySchemaOf<R>>;

/** The type of a route's path parameters (no field for a route without any). */
export type ParamsOf<R extends ApiRoute> = R['schema'] extends {
  readonly params: infer S extends TSchema;
}
  ? Static<S>
  : Record<string, never>;

/** The type of a route's querystring. */
export type QueryOf<R extends ApiRoute> = Static<R['schema']['querystring']>;

/** The type of a route's request body (`never` for a route without one). */
export type BodyOf<R extends ApiRoute> = R['schema'] extends {
  readonly body: infer S extends TSchema;
}
  ? Static<S>
  : never;

/** The schema of a route's success answer, at run time. */
export function replySchemaOf<R extends ApiRoute>(route: R): ReplySchemaOf<R> {
  const r = route.schema.response;
  const s = r['200'] ?? r['201'];
  if (s === undefined)
    throw new Error(`${route.method} ${route.path} declares no 200 or 201 answer`);
  return s as ReplySchemaOf<R>;
}

/** Fills a route's `:param`s (URL-encoded): `pathOf(API_ROUTES.tag, { name: 'FT-001' })`. */
export function pathOf(route: RouteSpec, params: Readonly<Record<string, string>> = {}): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_, key: string) => {
    const v = params[key];
    if (v === undefined) throw new Error(`${route.path}: missing parameter "${key}"`);
    return encodeURIComponent(v);
  });
}
