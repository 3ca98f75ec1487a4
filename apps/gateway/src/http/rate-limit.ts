// Per-source-address rate limits of a route group, and their refusal in the contract's error shape.
import { ApiError } from './api-error.js';

export interface RateLimitSetting {
  max: number;
  timeWindowMs: number;
}

/** Rate-limit refusals in the contract's error shape. */
export const rateLimitError = (_req: unknown, ctx: { after: string }): ApiError =>
  new ApiError('RATE_LIMITED', `too many requests: retry in ${ctx.after}`, 429);
