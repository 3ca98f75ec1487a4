import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { openApiDocument, openApiPath } from './openapi.js';
import { API_ROUTES } from './routes.js';
import { Named } from './schemas/component.js';
import { Strict } from './schemas/json-types.js';
import { Type, type TSchema } from '@sinclair/typebox';

type Doc = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
  security: unknown[];
};
type Operation = {
  operationId: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { required: boolean; content: Record<string, { schema: unknown }> };
  responses: Record<string, { content: Record<string, { schema: unknown }> }>;
  'x-zld-access': string;
};

const doc = openApiDocument(API_ROUTES) as unknown as Doc;

/** Every `$ref` in a value. */
function refsOf(x: unknown, out: string[] = []): string[] {
  if (Array.isArray(x)) x.forEach((v) => refsOf(v, out));
  else if (typeof x === 'object' && x !== null)
    for (const [k, v] of Object.entries(x)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsOf(v, out);
    }
  return out;
}

describe('openApiDocument', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const spec = structuredClone(doc) as unknown as Parameters<Validator['validate']>[0];
    const result = await validator.validate(spec);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('has one operation for every route of the table, with its method, path and access', () => {
    for (const [name, r] of Object.entries(API_ROUTES)) {
      const op = doc.paths[openApiPath(r.path)]?.[r.method.toLowerCase()];
      expect(op, name).toBeDefined();
      expect(op!.operationId).toBe(name);
      expect(op!['x-zld-access']).toBe(r.access);
    }
    const operations = Object.values(doc.paths).flatMap((item) => Object.keys(item));
    expect(operations).toHaveLength(Object.keys(API_ROUTES).length);
  });

  it('turns :params into {params} and declares them as required path parameters', () => {
    expect(openApiPath('/api/users/:name/sessions')).toBe('/api/users/{name}/sessions');
    const write = doc.paths['/api/tags/{name}/write']!.post!;
    expect(write.parameters).toEqual([
      expect.objectContaining({ name: 'name', in: 'path', required: true }),
    ]);
    const history = doc.paths['/api/history']!.get!;
    expect(history.parameters!.map((p) => [p.name, p.in, p.required])).toEqual([
      ['tags', 'query', true],
      ['from', 'query', true],
      ['to', 'query', true],
      ['maxPoints', 'query', false],
    ]);
  });

  it('declares request bodies, optional where no body at all is accepted', () => {
    expect(doc.paths['/api/auth/login']!.post!.requestBody!.required).toBe(true);
    expect(doc.paths['/api/alarms/{id}/ack']!.post!.requestBody!.required).toBe(false);
    expect(doc.paths['/api/tags']!.get!.requestBody).toBeUndefined();
  });

  it('answers per status, errors as 4XX/5XX, non-JSON answers with their media type', () => {
    const tags = doc.paths['/api/tags']!.get!;
    expect(Object.keys(tags.responses)).toEqual(['200', '4XX', '5XX']);
    expect(tags.responses['4XX']!.content['application/json']!.schema).toEqual({
      $ref: '#/components/schemas/ApiError',
    });
    const refusal = doc.paths['/api/tags/{name}/write']!.post!.responses['4XX']!;
    expect(refusal.content['application/json']!.schema).toEqual({
      $ref: '#/components/schemas/CommandRefusal',
    });
    expect(Object.keys(doc.paths['/api/history.csv']!.get!.responses['200']!.content)).toEqual([
      'text/csv',
    ]);
    expect(Object.keys(doc.paths['/api/users']!.post!.responses)).toContain('201');
  });

  it('shares named schemas as components, and every $ref resolves', () => {
    expect(Object.keys(doc.components.schemas).sort()).toEqual(
      expect.arrayContaining([
        'Alarm',
        'ApiError',
        'CommandRefusal',
        'Health',
        'Tag',
        'WaterBalance',
      ]),
    );
    for (const ref of refsOf(doc)) {
      const name = ref.replace('#/components/schemas/', '');
      expect(ref.startsWith('#/components/schemas/'), ref).toBe(true);
      expect(doc.components.schemas[name], ref).toBeDefined();
    }
    // No TypeBox internals leak into the document.
    expect(JSON.stringify(doc)).not.toMatch(/ZldTypes|ZldStringEnum|"\[Kind\]"/);
  });

  it('has a cookie and a bearer scheme, and no security for anyone-routes', () => {
    expect(doc.components.securitySchemes).toEqual({
      session: { type: 'apiKey', in: 'cookie', name: 'zld_session' },
      bearer: { type: 'http', scheme: 'bearer' },
    });
    expect(doc.security).toEqual([{ session: [] }, { bearer: [] }]);
    expect(doc.paths['/api/auth/login']!.post!.security).toEqual([]);
    expect(doc.paths['/healthz']!.get!.security).toEqual([]);
    expect(doc.paths['/api/tags']!.get!.security).toBeUndefined();
  });

  it('refuses two different schemas under one component name, and a route listed twice', () => {
    const a = Named('Same', Strict({ a: Type.String() }));
    const b = Named('Same', Strict({ b: Type.String() }));
    const route = (schema: TSchema) =>
      ({
        method: 'GET',
        path: '/x',
        access: 'viewer',
        summary: 'x',
        schema: { querystring: Strict({}), response: { 200: schema } },
      }) as const;
    expect(() => openApiDocument({ one: route(a), two: { ...route(b), path: '/y' } })).toThrow(
      /named Same/,
    );
    expect(() => openApiDocument({ one: route(a), two: route(a) })).toThrow(/listed twice/);
  });
});
