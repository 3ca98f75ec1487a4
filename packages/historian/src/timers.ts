// The timer functions I/O modules use, passed in so tests can drive time themselves.

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Waits for `p` at most `ms`: 'done' when it resolved in time, 'late' when it had not settled by then (it
 * may still settle; the caller handles that). Rejects when `p` rejected in time.
 */
export function within(p: Promise<unknown>, ms: number, timers: Timers): Promise<'done' | 'late'> {
  return new Promise((resolve, reject) => {
    const handle = timers.setTimeout(() => resolve('late'), ms);
    p.then(
      () => {
        timers.clearTimeout(handle);
        resolve('done');
      },
      (err: unknown) => {
        timers.clearTimeout(handle);
        reject(err);
      },
    );
  });
}
