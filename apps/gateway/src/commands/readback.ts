// Read-back verification: after a write, re-read the point until it shows the written value within tolerance and holds it for the settle time, or fail.
import type { PlcDef, TagDef } from '@zld/plant';
import type { Clock } from '@zld/tags';
import { isBad } from '@zld/tags';
import { sameValue } from './interlocks.js';
import { errorText, isTimeout, type PlcPort, type PortSample, type Sleep } from './plc-port.js';

export interface ReadbackOptions {
  /** The first matching read must come within this time (default 3 s). */
  timeoutMs: number;
  /** Pause between reads while the value has not arrived yet (default 200 ms). */
  intervalMs: number;
  /**
   * How long the value must then hold (default 300 ms; a tag's `write.settleMs` or its PLC's
   * `writeSettleMs` overrides it). 0: the first matching read confirms. The whole read-back ends within
   * `timeoutMs + settleMs`.
   */
  settleMs: number;
}

export const DEFAULT_READBACK: ReadbackOptions = {
  timeoutMs: 3000,
  intervalMs: 200,
  settleMs: 300,
};

/** Reads while a matching value is watched: at least three within the settle time, never slower than `intervalMs`. */
const SETTLE_READS = 3;

/**
 * mismatch: the PLC answered another value; not-held: it answered the written value, then another one
 * within the settle time; timeout: no (usable) answer in time; error: the read failed.
 */
export type ReadbackFailureKind = 'mismatch' | 'not-held' | 'timeout' | 'error';

export type ReadbackResult =
  | { ok: true; value: number | boolean; quality: PortSample['quality'] }
  | {
      ok: false;
      kind: ReadbackFailureKind;
      value: number | boolean | null;
      quality: PortSample['quality'] | null;
      message: string;
    };

/** The settle time of a write to `tag`: the tag's, else its PLC's, else `fallbackMs`. */
export function settleMsOf(
  tag: Pick<TagDef, 'write'>,
  plc: Pick<PlcDef, 'writeSettleMs'> | undefined,
  fallbackMs: number,
): number {
  return tag.write?.settleMs ?? plc?.writeSettleMs ?? fallbackMs;
}

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
 * failure; the last answer decides when time is up. A matching read starts the settle time: every usable
 * answer within it must match too (another value is a `not-held` failure at once), and a matching answer
 * at its end confirms. Bad answers and failed reads within it neither confirm nor break the hold.
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
  const { timeoutMs, intervalMs, settleMs } = options;
  const deadline = clock.now() + timeoutMs;
  const end = deadline + settleMs;
  const settleInterval = Math.min(intervalMs, Math.max(1, Math.floor(settleMs / SETTLE_READS)));
  let heldSince: number | null = null;
  let held: PortSample | null = null;
  let last: PortSample | null = null;
  let lastError: unknown = null;
  for (;;) {
    const limit = heldSince === null ? deadline : end;
    const remaining = limit - clock.now();
    if (remaining <= 0) break;
    const answer = await readOnce(port, tag, remaining, sleep);
    if (answer === 'timeout') {
      lastError = Object.assign(new Error(`no answer within ${timeoutMs} ms`), {
        code: 'TIMEOUT',
      });
      break;
    }
    if (answer instanceof Error) lastError = answer;
    else if (answer) {
      last = answer;
      lastError = null;
      if (!isBad(answer.quality) && answer.value !== null) {
        const now = clock.now();
        if (!withinTolerance(expected, answer.value, tolerance)) {
          if (heldSince !== null && held)
            return notHeld(tag, held, answer, now - heldSince, settleMs);
        } else if (heldSince === null) {
          heldSince = now;
          held = answer;
        }
        if (heldSince !== null && now - heldSince >= settleMs)
          return { ok: true, value: answer.value, quality: answer.quality };
      }
    }
    const now = clock.now();
    const left = (heldSince === null ? deadline : end) - now;
    if (left <= 0) break;
    let pause = intervalMs;
    if (heldSince !== null) {
      const untilSettled = heldSince + settleMs - now;
      pause = untilSettled > 0 ? Math.min(settleInterval, untilSettled) : settleInterval;
    }
    await sleep(Math.min(pause, left));
  }
  return unconfirmed(tag, expected, { last, lastError, held, timeoutMs, settleMs });
}

/** One read raced against `withinMs`: the sample, null for none, the error, or 'timeout'. */
async function readOnce(
  port: PlcPort,
  tag: string,
  withinMs: number,
  sleep: Sleep,
): Promise<PortSample | null | Error | 'timeout'> {
  const timedOut = Symbol('timeout');
  const stopTimer = new AbortController();
  try {
    const answer = await Promise.race([
      port.read([tag]),
      sleep(withinMs, stopTimer.signal).then(() => timedOut),
    ]).finally(() => stopTimer.abort());
    if (answer === timedOut) return 'timeout';
    return (answer as readonly PortSample[])[0] ?? null;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

function notHeld(
  tag: string,
  held: PortSample,
  now: PortSample,
  afterMs: number,
  settleMs: number,
): ReadbackResult {
  return {
    ok: false,
    kind: 'not-held',
    value: now.value,
    quality: now.quality,
    message:
      `read-back of ${tag} not held: the PLC read ${String(held.value)}, then ${String(now.value)} ` +
      `${Math.round(afterMs)} ms later (settle time ${settleMs} ms)`,
  };
}

function unconfirmed(
  tag: string,
  expected: number | boolean,
  s: {
    last: PortSample | null;
    lastError: unknown;
    held: PortSample | null;
    timeoutMs: number;
    settleMs: number;
  },
): ReadbackResult {
  const { last, lastError } = s;
  if (s.held)
    return {
      ok: false,
      kind: 'timeout',
      value: null,
      quality: last?.quality ?? null,
      message:
        `read-back of ${tag} read ${String(s.held.value)}, then no usable answer for the rest of its ` +
        `settle time (${s.settleMs} ms)${lastError ? `: ${errorText(lastError)}` : last ? ` (quality ${last.quality})` : ''}`,
    };
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
    message: `read-back of ${tag} not confirmed within ${s.timeoutMs} ms${
      last ? ` (quality ${last.quality})` : ''
    }`,
  };
}
