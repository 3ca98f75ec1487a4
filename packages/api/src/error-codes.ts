// The error codes every REST route may answer, and the HTTP status each is normally answered with.

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
