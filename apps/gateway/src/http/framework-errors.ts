// fastify's `frameworkErrors`: what the router refuses before any route runs (a malformed or over-long URL) answers in the error shape.
import type { ErrorCode } from '@zld/api';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

const ANSWERS: Readonly<Record<string, { status: number; code: ErrorCode; message: string }>> = {
  FST_ERR_BAD_URL: {
    status: 400,
    code: 'BAD_REQUEST',
    message: 'malformed URL (invalid percent-encoding)',
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    code: 'BAD_REQUEST',
    message: 'a URL parameter is too long',
  },
};

/**
 * No hook runs for these requests (not even the security headers' one), so the answer sets the
 * headers that matter for an error body itself. The URL is not echoed.
 */
export function frameworkErrors(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const known = ANSWERS[error.code];
  if (!known) request.log.error({ err: error }, 'router error');
  const { status, code, message } = known ?? {
    status: 500,
    code: 'INTERNAL' as const,
    message: 'internal error',
  };
  void reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .type('application/json; charset=utf-8')
    .send(JSON.stringify({ error: { code, message } }));
}
