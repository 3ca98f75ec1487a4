// What the command service needs of a PLC driver: write, read-back and its demotion state (a `Driver` fits).
import type { Quality } from '@zld/tags';

export interface PortSample {
  name: string;
  value: number | boolean | null;
  quality: Quality;
}

export interface PlcPort {
  /** Writes one tag in engineering units; throws on refusal, exception, timeout or a lost link. */
  write(tagName: string, value: number | boolean): Promise<unknown>;
  /** Reads tags straight from the device, in the order asked. */
  read(tagNames: readonly string[]): Promise<readonly PortSample[]>;
  status(): { demoted: boolean };
}

/**
 * Async waiting, injectable so unit tests run on a manual clock. An aborted wait resolves at once and
 * must not count as time passed.
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, Math.max(0, ms));
    timer.unref();
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });

/** A driver error's kind: `TIMEOUT`, `DEMOTED`... (the drivers' `DriverError.code`), else null. */
export function driverErrorCode(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

export function isTimeout(err: unknown): boolean {
  const code = driverErrorCode(err);
  if (code === 'TIMEOUT' || code === 'ETIMEDOUT') return true;
  const message = err instanceof Error ? err.message : String(err);
  return /timed? ?out/i.test(message);
}

/** A short, single-line message of an error, for operators and the audit trail. */
export function errorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\s+/g, ' ').slice(0, 200);
}
