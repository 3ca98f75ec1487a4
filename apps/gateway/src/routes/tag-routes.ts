// GET /api/tags and GET /api/tags/:name: every tag's (or one tag's) definition with its current value.
import { API_ROUTES } from '@zld/api';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../http/api-error.js';
import { defineRoute } from '../http/define-route.js';
import { errorResponses, noQuery, tagNameParams } from '../http/schemas.js';
import { toTagDefinitionDto, toTagDto } from '../http/tag-dtos.js';

export async function tagRoutes(app: FastifyInstance): Promise<void> {
  const { runtime } = app;
  const definitions = runtime.plant.tags.map(toTagDefinitionDto);
  const definitionByName = new Map(definitions.map((d) => [d.name, d] as const));

  defineRoute(
    app,
    API_ROUTES.tags,
    {
      querystring: noQuery,
      response: { 200: { type: 'array', items: { $ref: 'Tag#' } }, ...errorResponses },
    },
    async () => {
      const values = runtime.snapshot();
      return definitions.map((d, i) => toTagDto(d, values[i]!));
    },
  );

  defineRoute(
    app,
    API_ROUTES.tag,
    {
      params: tagNameParams,
      querystring: noQuery,
      response: { 200: { $ref: 'Tag#' }, ...errorResponses },
    },
    async (request) => {
      const { name } = request.params as { name: string };
      const def = definitionByName.get(name);
      const value = def && runtime.value(name);
      if (!def || !value) throw new ApiError('UNKNOWN_TAG', `unknown tag ${name}`);
      return toTagDto(def, value);
    },
  );
}
