// Exponential back-off with jitter for reconnection attempts (pure; the random source is passed in).
import type { ReconnectOptions } from './driver.js';

/**
 * The delay before attempt `attempt` (0 for the first retry): the exponential step
 * `initial * 2^attempt`, capped at `max`, then "equal jitter": a uniform draw in [step/2, step],
 * so that many gateways restarting together do not reconnect in lock-step.
 */
export function backoffDelay(
  attempt: number,
  options: ReconnectOptions,
  random: () => number = Math.random,
): number {
  const exp = options.initialDelayMs * 2 ** Math.min(Math.max(attempt, 0), 30);
  const step = Math.min(options.maxDelayMs, exp);
  return Math.round(step / 2 + (random() * step) / 2);
}
