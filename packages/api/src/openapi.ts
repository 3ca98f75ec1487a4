// openApiDocument(routes): the OpenAPI 3.1 document of a route table, built from the same schemas (pure).
import type { TSchema } from '@sinclair/typebox';
import type { ApiRoute } from './route-spec.js';
import { SESSION_COOKIE } from './schemas/security-schemas.js';
import { componentNameOf } from './schemas/component.js';

/** OpenAPI 3.1: its schema objects are JSON Schema 2020-12, so the route schemas go in unchanged. */
export const OPENAPI_VERSION = '3.1.0';

export interface OpenApiOptions {
  title?: string;
  /** The API's version (default the package's). */
  version?: string;
  description?: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const STATUS_TEXT: Readonly<Record<string, string>> = {
  '200': 'Success',
  '201': 'Created',
  '4XX': 'Refused: bad request, no session or role, unknown, conflicting or rate-limited',
  '5XX': 'Failed: internal error, PLC error or timeout, service unavailable',
};

/** Collects the `Named` schemas met while converting, as `#/components/schemas/<name>`. */
class Components {
  readonly schemas: Record<string, Json> = {};
  private readonly seen = new Map<string, unknown>();

  json(schema: unknown, top = false): Json {
    const name = top ? undefined : componentNameOf(schema);
    if (name !== undefined) {
      const known = this.seen.get(name);
      if (known === undefined) {
        this.seen.set(name, schema);
        this.schemas[name] = this.json(schema, true);
      } else if (known !== schema && JSON.stringify(known) !== JSON.stringify(schema))
        throw new Error(`two different schemas are named ${name}`);
      return { $ref: `#/components/schemas/${name}` };
    }
    if (Array.isArray(schema)) return schema.map((x) => this.json(x));
    if (typeof schema === 'object' && schema !== null) {
      const out: JsonObject = {};
      // Own string keys only: TypeBox's symbols (Kind, Optional, component names) are left out.
      for (const [k, v] of Object.entries(schema)) out[k] = this.json(v);
      return out;
    }
    return schema as Json;
  }
}

/** `/api/tags/:name` -> `/api/tags/{name}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, '{$1}');
}

function parameters(route: ApiRoute, c: Components): Json[] {
  const out: Json[] = [];
  const add = (where: 'path' | 'query', schema: TSchema | undefined) => {
    if (schema === undefined) return;
    const props = (schema.properties ?? {}) as Record<string, unknown>;
    const required = new Set<string>((schema.required as string[] | undefined) ?? []);
    for (const [name, s] of Object.entries(props))
      out.push({
        name,
        in: where,
        required: where === 'path' || required.has(name),
        schema: c.json(s),
      });
  };
  add('path', route.schema.params);
  add('query', route.schema.querystring);
  return out;
}

function responses(route: ApiRoute, c: Components): JsonObject {
  const out: JsonObject = {};
  for (const [status, schema] of Object.entries(route.schema.response)) {
    const code = status.replace(/xx$/, 'XX');
    const media = code.startsWith('2') && route.produces ? route.produces : 'application/json';
    out[code] = {
      description: STATUS_TEXT[code] ?? `HTTP ${code}`,
      content: { [media]: { schema: c.json(schema) } },
    };
  }
  return out;
}

/** The first path segment after `/api` (without an extension): the operation's group. */
function groupOf(path: string): string {
  const parts = path.split('/').filter((p) => p !== '');
  const first = parts[0] === 'api' ? parts[1] : parts[0];
  return (first ?? 'api').replace(/\..*$/, '');
}

function operation(id: string, route: ApiRoute, c: Components): JsonObject {
  const op: JsonObject = {
    operationId: id,
    summary: route.summary,
    tags: [groupOf(route.path)],
    'x-zld-access': route.access,
  };
  const params = parameters(route, c);
  if (params.length > 0) op.parameters = params;
  if (route.schema.body !== undefined)
    op.requestBody = {
      required: route.bodyOptional !== true,
      content: { 'application/json': { schema: c.json(route.schema.body) } },
    };
  op.responses = responses(route, c);
  if (route.access === 'anyone') op.security = [];
  if (route.access === 'loopback-or-token')
    op.description = 'Without a session only from the gateway host (loopback).';
  return op;
}

/**
 * The OpenAPI document of `routes`: one operation per route (`operationId` = the route's name), path
 * parameters as `{param}`, query parameters, JSON request bodies, responses per status (`4xx` as `4XX`),
 * the `Named` schemas as shared components, the session cookie and the bearer token as security schemes
 * (either will do), and `security: []` on the routes anyone may use. The least role is `x-zld-access`.
 */
export function openApiDocument(
  routes: Readonly<Record<string, ApiRoute>>,
  options: OpenApiOptions = {},
): JsonObject {
  const c = new Components();
  const paths: Record<string, JsonObject> = {};
  for (const [id, route] of Object.entries(routes)) {
    const path = openApiPath(route.path);
    const item = (paths[path] ??= {});
    const method = route.method.toLowerCase();
    if (item[method] !== undefined)
      throw new Error(`${route.method} ${route.path} is listed twice`);
    item[method] = operation(id, route, c);
  }
  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: options.title ?? 'ZLD SCADA gateway API',
      version: options.version ?? '0.1.0',
      description:
        options.description ??
        'REST API of the ZLD SCADA gateway. Times are ISO-8601 UTC; errors are `{ "error": { "code", "message" } }`. ' +
          'Log in with `POST /api/auth/login`, then send the token as `Authorization: Bearer` or keep the session cookie. ' +
          'Roles: viewer < operator < engineer < admin; `x-zld-access` is the least role of each operation.',
    },
    paths,
    components: {
      schemas: c.schemas,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        bearer: { type: 'http', scheme: 'bearer' },
      },
    },
    security: [{ session: [] }, { bearer: [] }],
  };
}
