// GET /api/tags and GET /api/tags/:name: every tag's (or one tag's) definition with its current value.
import { API_ROUTES, type LimitName, type TagDefinitionDto } from '@zld/api';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../http/api-error.js';
import { defineRoute } from '../http/define-route.js';
import type { Runtime } from '../runtime/runtime.js';
import { toTagDefinitionDto, toTagDto } from './tag-dtos.js';

/** The alarm limits of a tag as they stand now (an engineer may change them). */
export type TagLimits = (tag: string) => Partial<Record<LimitName, number>>;

export interface TagRoutesOptions {
  runtime: Runtime;
  /** The limits to answer instead of the plant file's (the alarm service's); unset: the plant file's. */
  limitsOf?: TagLimits;
}

export async function tagRoutes(app: FastifyInstance, opts: TagRoutesOptions): Promise<void> {
  const { runtime, limitsOf } = opts;
  const designed = runtime.plant.tags.map(toTagDefinitionDto);
  const byName = new Map(designed.map((d) => [d.name, d] as const));
  /** A definition with the limits as they stand now. */
  const current = (d: TagDefinitionDto): TagDefinitionDto =>
    limitsOf === undefined || d.limits === undefined
      ? d
      : { ...d, limits: { ...d.limits, ...limitsOf(d.name) } };

  defineRoute(app, API_ROUTES.tags, {
    handler: async () => {
      const values = runtime.snapshot();
      return designed.map((d, i) => toTagDto(current(d), values[i]!));
    },
  });

  defineRoute(app, API_ROUTES.tag, {
    handler: async (request) => {
      const { name } = request.params;
      const def = byName.get(name);
      const value = def && runtime.value(name);
      if (!def || !value) throw new ApiError('UNKNOWN_TAG', `unknown tag ${name}`);
      return toTagDto(current(def), value);
    },
  });
}
