// The error codes every REST route answers with a 4xx/5xx status in `{ error: { code, message } }`, and a check of that body.
import { ERROR_CODES } from './error-codes.js';
import type { ApiErrorBody } from './schemas/common-schemas.js';

export { ERROR_CODES, ERROR_STATUS } from './error-codes.js';
export type { ErrorCode } from './error-codes.js';
export type { ApiErrorBody };

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
