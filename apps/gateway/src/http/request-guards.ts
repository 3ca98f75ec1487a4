// preValidation guards: what JSON-schema coercion would otherwise let through, and bodies that may be absent.
import type { FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';

/** A route whose body schema is `{}` or all optional: a request with no body at all counts as `{}`. */
export async function bodyMayBeEmpty(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}

/** Refuses a body whose fields are not all strings/booleans of the declared kinds before coercion. */
export function fieldsAsSent(kinds: Readonly<Record<string, 'string' | 'boolean'>>) {
  return async (request: FastifyRequest): Promise<void> => {
    const body = request.body as Record<string, unknown> | null | undefined;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
    for (const [field, kind] of Object.entries(kinds)) {
      if (field in body && typeof body[field] !== kind)
        throw new ApiError('BAD_REQUEST', `${field} must be a ${kind}`);
    }
  };
}
