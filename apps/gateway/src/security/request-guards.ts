// preValidation guards: what JSON-schema coercion would otherwise let through (a string or null as a command value).
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/api-error.js';

/** A route whose body schema is `{}`: a request with no body at all counts as `{}`. */
export async function bodyMayBeEmpty(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}

/**
 * fastify's validator coerces types (`"50"` or `null` would become a number); a command value must be
 * a JSON number or boolean as sent, so anything else is refused before validation.
 */
export async function commandValueAsSent(request: FastifyRequest): Promise<void> {
  const body = request.body as { value?: unknown } | null | undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return; // the schema refuses it
  if (!('value' in body)) return;
  const v = body.value;
  if (typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return;
  throw new ApiError('BAD_REQUEST', 'value must be a JSON number or boolean');
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
