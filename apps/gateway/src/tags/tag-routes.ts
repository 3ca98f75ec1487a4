// GET /api/tags and GET /api/tags/:name: every tag's (or one tag's) definition with its current value.
import { API_ROUTES, type LimitName, type TagDefinitionDto } from '@zld/api';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../http/api-error.js';
import { defineRoute } from '../http/define-route.js';
import { errorResponses, noQuery, tagNameParams } from '../http/schemas.js';
import { toTagDefinitionDto, toTagDto } from './tag-dtos.js';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * The alarm limits as they stand (an engineer may change them), set by the alarm feature; the tag
     * routes answer them instead of the plant file's. Null: the plant file's limits.
     */
    tagLimits: { of: ((tag: string) => Partial<Record<LimitName, number>>) | null };
  }
}

export async function tagRoutes(app: FastifyInstance): Promise<void> {
  const { runtime } = app;
  const designed = runtime.plant.tags.map(toTagDefinitionDto);
  const byName = new Map(designed.map((d) => [d.name, d] as const));
  /** A definition with the limits as they stand now. */
  const current = (d: TagDefinitionDto): TagDefinitionDto => {
    const of = app.tagLimits.of;
    return of === null || d.limits === undefined
      ? d
      : { ...d, limits: { ...d.limits, ...of(d.name) } };
  };

  defineRoute(app, API_ROUTES.tags, {
    schema: {
      querystring: noQuery,
      response: { 200: { type: 'array', items: { $ref: 'Tag#' } }, ...errorResponses },
    },
    handler: async () => {
      const values = runtime.snapshot();
      return designed.map((d, i) => toTagDto(current(d), values[i]!));
    },
  });

  defineRoute<{ Params: { name: string } }>(app, API_ROUTES.tag, {
    schema: {
      params: tagNameParams,
      querystring: noQuery,
      response: { 200: { $ref: 'Tag#' }, ...errorResponses },
    },
    handler: async (request) => {
      const { name } = request.params;
      const def = byName.get(name);
      const value = def && runtime.value(name);
      if (!def || !value) throw new ApiError('UNKNOWN_TAG', `unknown tag ${name}`);
      return toTagDto(current(def), value);
    },
  });
}
