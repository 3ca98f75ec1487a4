// A Sleep for a ManualClock: a wait moves the clock on (on the next turn of the event loop) unless aborted.
import type { ManualClock } from '@zld/tags';
import type { Sleep } from './plc-port.js';

export const manualSleep =
  (clock: ManualClock): Sleep =>
  (ms, signal) =>
    new Promise((resolve) => {
      setImmediate(() => {
        if (!signal?.aborted) clock.advance(ms);
        resolve();
      });
    });
