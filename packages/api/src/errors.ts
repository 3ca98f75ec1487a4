// The error codes every REST route answers with a 4xx/5xx status in `{ error: { code, message } }`.
import type { ApiErrorBody } from './schemas/common-schemas.js';

export type { ApiErrorBody };

/** Machine-readable error codes; `message` carries the human-readable detail. */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'UNKNOWN_TAG',
  'CONFLICT',
  'RATE_LIMITED',
  'PLC_ERROR',
  'PLC_TIMEOUT',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The HTTP status each code is normally answered with. */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  UNKNOWN_TAG: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  PLC_ERROR: 502,
  PLC_TIMEOUT: 504,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** `{ error: { code, message } }` with a known code, whatever else the body carries beside `error`. */
export function isApiErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null) return false;
  const e = (body as { error?: unknown }).error;
  if (typeof e !== 'object' || e === null) return false;
  const { code, message } = e as { code?: unknown; message?: unknown };
  return (
    typeof code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(code) &&
    typeof message === 'string'
  );
}
