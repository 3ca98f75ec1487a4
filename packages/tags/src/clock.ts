// The clock the gateway runs on: the wall clock in production, plant time when following simulated PLCs.

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const wallClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to: for tests and for following a PLC's published time. */
export class ManualClock implements Clock {
  private t: number;
  constructor(start = 0) {
    this.t = start;
  }
  now(): number {
    return this.t;
  }
  set(t: number): void {
    this.t = t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
