// Measures how late this process's timers fire (event-loop delay), for timing bounds on a loaded machine.
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopLag {
  /** The worst delay seen since the start, ms. */
  maxMs(): number;
  stop(): void;
}

/**
 * The simulators, the gateway and the test share one process: when the machine is busy, every timer
 * (scans, pacing, the test's own) fires late by about the event-loop delay. A timing bound from the
 * requirements is checked as `bound + lag.maxMs()`, the worst delay seen while measuring.
 */
export function startLoopLag(): LoopLag {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  return {
    maxMs: () => h.max / 1e6,
    stop: () => h.disable(),
  };
}
