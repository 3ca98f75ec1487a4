// Read-back verification: after a write, re-read the point until it shows the written value within tolerance, or time out.
import type { Clock } from '@zld/tags';
import { isBad } from '@zld/tags';
import { sameValue } from './interlocks.js';
import { errorText, isTimeout, type PlcPort, type PortSample, type Sleep } from './plc-port.js';

export interface ReadbackOptions {
  /** The read-back must confirm within this time (default 3 s). */
  timeoutMs: number;
  /** Pause between reads while the value has not arrived yet (default 200 ms). */
  intervalMs: number;
}

export const DEFAULT_READBACK: ReadbackOptions = { timeoutMs: 3000, intervalMs: 200 };

export type ReadbackResult =
  | { ok: true; value: number | boolean; quality: PortSample['quality'] }
  | {
      ok: false;
      /** mismatch: the PLC answered another value; timeout: no answer in time; error: the read failed. */
      kind: 'mismatch' | 'timeout' | 'error';
      value: number | boolean | null;
      quality: PortSample['quality'] | null;
      message: string;
    };

export function withinTolerance(
  expected: number | boolean,
  actual: number | boolean,
  tolerance: number,
): boolean {
  if (typeof expected === 'boolean' || typeof actual === 'boolean')
    return sameValue(expected, actual);
  return Math.abs(expected - actual) <= tolerance + 1e-9;
}

/**
 * Reads the point through the driver until it confirms `expected` (within `tolerance`) or the timeout
 * passes. A PLC may apply a write on its next scan, so a first read of the old value is not yet a
 * failure; the last answer decides when time is up.
 */
export async function verifyReadback(
  port: PlcPort,
  tag: string,
  expected: number | boolean,
  tolerance: number,
  options: ReadbackOptions,
  clock: Clock,
  sleep: Sleep,
): Promise<ReadbackResult> {
  const deadline = clock.now() + options.timeoutMs;
  let last: PortSample | null = null;
  let lastError: unknown = null;
  for (;;) {
    const remaining = deadline - clock.now();
    if (remaining <= 0) break;
    const timedOut = Symbol('timeout');
    const stopTimer = new AbortController();
    try {
      const answer = await Promise.race([
        port.read([tag]),
        sleep(remaining, stopTimer.signal).then(() => timedOut),
      ]).finally(() => stopTimer.abort());
      if (answer === timedOut) {
        lastError = Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), {
          code: 'TIMEOUT',
        });
        break;
      }
      const sample = (answer as readonly PortSample[])[0];
      if (sample) {
        last = sample;
        lastError = null;
        if (!isBad(sample.quality) && sample.value !== null) {
          if (withinTolerance(expected, sample.value, tolerance))
            return { ok: true, value: sample.value, quality: sample.quality };
        }
      }
    } catch (err) {
      lastError = err;
    }
    if (deadline - clock.now() <= 0) break;
    await sleep(Math.min(options.intervalMs, deadline - clock.now()));
  }
  if (lastError !== null && last === null)
    return {
      ok: false,
      kind: isTimeout(lastError) ? 'timeout' : 'error',
      value: null,
      quality: null,
      message: `read-back of ${tag} failed: ${errorText(lastError)}`,
    };
  if (last && !isBad(last.quality) && last.value !== null)
    return {
      ok: false,
      kind: 'mismatch',
      value: last.value,
      quality: last.quality,
      message: `read-back mismatch on ${tag}: wrote ${String(expected)}, PLC reads ${String(last.value)}`,
    };
  return {
    ok: false,
    kind: 'timeout',
    value: null,
    quality: last?.quality ?? null,
    message: `read-back of ${tag} not confirmed within ${options.timeoutMs} ms${
      last ? ` (quality ${last.quality})` : ''
    }`,
  };
}
