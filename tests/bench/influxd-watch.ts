// Samples the private influxd's CPU time and resident set every second over the window, across a restart (a new pid).
import type { InfluxdSample } from './influx-rig.js';

export interface InfluxdFigures {
  /** CPU seconds of influxd per wall second over the window (1.0 = one core busy). */
  cpuCores: number;
  rssMb: { atStart: number | null; peak: number | null; atEnd: number | null };
  /** Processes seen (2 with an outage: stopped and started again). */
  processes: number;
}

export class InfluxdWatch {
  /** Per pid: CPU seconds at its first and last sample in the window. */
  private readonly cpu = new Map<number, { first: number; last: number }>();
  private rssAtStart: number | null = null;
  private rssPeak: number | null = null;
  private rssLast: number | null = null;
  private t0 = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly read: () => InfluxdSample | null) {}

  begin(): void {
    this.t0 = performance.now();
    const s = this.read();
    if (s !== null) this.cpu.set(s.pid, { first: s.cpuS, last: s.cpuS });
    this.rssAtStart = s?.rssMb ?? null;
    this.note(s);
    this.timer = setInterval(() => this.tick(), 1000);
  }

  /** Takes a sample now (also just before influxd is stopped, so its last second counts). */
  tick(): void {
    const s = this.read();
    if (s === null) return;
    const seen = this.cpu.get(s.pid);
    // A process started during the window: all of its CPU time is in the window.
    if (seen === undefined) this.cpu.set(s.pid, { first: 0, last: s.cpuS });
    else seen.last = s.cpuS;
    this.note(s);
  }

  end(): InfluxdFigures {
    this.tick();
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    const seconds = (performance.now() - this.t0) / 1000;
    let cpuS = 0;
    for (const { first, last } of this.cpu.values()) cpuS += last - first;
    return {
      cpuCores: seconds > 0 ? Math.round((cpuS / seconds) * 100) / 100 : 0,
      rssMb: { atStart: this.rssAtStart, peak: this.rssPeak, atEnd: this.rssLast },
      processes: this.cpu.size,
    };
  }

  private note(s: InfluxdSample | null): void {
    if (s === null) return;
    this.rssLast = s.rssMb;
    this.rssPeak = Math.max(this.rssPeak ?? 0, s.rssMb);
  }
}
