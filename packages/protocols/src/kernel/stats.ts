// Mutable driver counters behind `Driver.counters()`: one object, updated in place, copied on read.
import type { DriverCounters, ScanClassCounters } from './driver.js';

export class DriverStats {
  private readonly c: DriverCounters = {
    polls: 0,
    pollDurationMsTotal: 0,
    pollDurationMsLast: 0,
    pollDurationMsMax: 0,
    overruns: 0,
    requests: 0,
    exceptions: {},
    timeouts: 0,
    reconnects: 0,
    notifications: 0,
    writes: 0,
    writeFailures: 0,
    valuesOutOfRange: 0,
    valuesBad: 0,
    scanClasses: {},
  };

  get raw(): DriverCounters {
    return this.c;
  }

  addScanClass(name: string, periodMs: number): void {
    this.c.scanClasses[name] = {
      periodMs,
      polls: 0,
      overruns: 0,
      lastDurationMs: 0,
      maxDurationMs: 0,
    };
  }

  poll(scanClass: string, durationMs: number): void {
    const c = this.c;
    c.polls++;
    c.pollDurationMsTotal += durationMs;
    c.pollDurationMsLast = durationMs;
    if (durationMs > c.pollDurationMsMax) c.pollDurationMsMax = durationMs;
    const s = c.scanClasses[scanClass];
    if (s) {
      s.polls++;
      s.lastDurationMs = durationMs;
      if (durationMs > s.maxDurationMs) s.maxDurationMs = durationMs;
    }
  }

  overrun(scanClass: string): void {
    this.c.overruns++;
    const s = this.c.scanClasses[scanClass];
    if (s) s.overruns++;
  }

  exception(code: string): void {
    this.c.exceptions[code] = (this.c.exceptions[code] ?? 0) + 1;
  }

  snapshot(): DriverCounters {
    const scanClasses: Record<string, ScanClassCounters> = {};
    for (const [k, v] of Object.entries(this.c.scanClasses)) scanClasses[k] = { ...v };
    return { ...this.c, exceptions: { ...this.c.exceptions }, scanClasses };
  }
}
