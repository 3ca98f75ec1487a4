// Polls a condition until it holds or a deadline passes; the error says what was awaited and the last state.
export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** What is awaited, for the error message. */
  what: string;
}

/**
 * Resolves with the first truthy answer of `probe`. On timeout it rejects with `what` and, when the
 * probe answered `{ ok: false, detail }` or threw, the last detail it gave.
 */
export async function waitFor<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 50;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline)
      throw new Error(
        `timed out after ${options.timeoutMs} ms waiting for ${options.what}` +
          (last instanceof Error ? `: ${last.message}` : ''),
      );
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Throws with `detail` when `cond` is false: for probes that want to explain why they are not done. */
export function check(cond: boolean, detail: () => string): true {
  if (!cond) throw new Error(detail());
  return true;
}
