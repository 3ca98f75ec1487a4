// A Clock that follows the plant time the PLCs publish (their clock tags), extrapolated between readings.
import type { Clock } from '@zld/tags';

export interface PlantClockOptions {
  /** The gateway's own clock, used to extrapolate between readings (default Date.now). */
  wall?: Clock;
  /** The rate (plant ms per wall ms) is measured over readings at least this far apart (default 1000). */
  minBaselineMs?: number;
  /** ...and at most this far back (default 5000), so a speed change shows within a few seconds. */
  maxBaselineMs?: number;
}

interface Reading {
  wall: number;
  plant: number;
}

/**
 * Plant time for a gateway that follows simulated (or real) PLCs running at 1-100x.
 *
 * Each PLC publishes its clock as a tag (KI-100, KI-200, KI-300: epoch seconds), read every fast scan.
 * Every good reading is an observation (wall receive time, plant time). `now()` extrapolates from the
 * latest observation at the measured rate: plant = p + rate x (wallNow - w), where the rate is the slope
 * between the latest reading and one 1-5 s older. So timestamps move smoothly between scans even at
 * 100x, where one 500 ms scan is 50 plant seconds.
 *
 * `now()` never goes backwards: when a reading is behind the extrapolation (a slower PLC, network jitter,
 * the simulator's step granularity) the clock holds until plant time catches up. Until the first reading
 * it answers the wall clock, which is where the simulators start their plant time.
 */
export class PlantClock implements Clock {
  private readonly wall: Clock;
  private readonly minBaselineMs: number;
  private readonly maxBaselineMs: number;
  private readonly history: Reading[] = [];
  private anchor: Reading | null = null;
  private rate = 1;
  private last = -Infinity;
  private count = 0;

  constructor(options: PlantClockOptions = {}) {
    this.wall = options.wall ?? { now: () => Date.now() };
    this.minBaselineMs = options.minBaselineMs ?? 1000;
    this.maxBaselineMs = options.maxBaselineMs ?? 5000;
  }

  /** A PLC's clock reading: plant time `plantMs` (epoch ms) received at `wallMs`. */
  observe(plantMs: number, wallMs: number = this.wall.now()): void {
    if (!Number.isFinite(plantMs) || !Number.isFinite(wallMs)) return;
    const h = this.history;
    h.push({ wall: wallMs, plant: plantMs });
    // Keep the newest reading that is at least minBaseline old, and nothing older than maxBaseline.
    while (h.length > 2 && wallMs - h[1]!.wall >= this.minBaselineMs) h.shift();
    while (h.length > 1 && wallMs - h[0]!.wall > this.maxBaselineMs) h.shift();
    const first = h[0]!;
    const dw = wallMs - first.wall;
    if (dw >= this.minBaselineMs) this.rate = Math.max(0, (plantMs - first.plant) / dw);
    this.anchor = { wall: wallMs, plant: plantMs };
    this.count++;
  }

  /** Plant time now, epoch ms; monotonic. */
  now(): number {
    const t = this.at(this.wall.now());
    if (t > this.last) this.last = t;
    return this.last;
  }

  /** Plant time at a wall-clock instant, by the current model (not clamped). */
  at(wallMs: number): number {
    const a = this.anchor;
    return a === null ? wallMs : a.plant + this.rate * (wallMs - a.wall);
  }

  /** Measured plant seconds per wall second (1 until measured). */
  speed(): number {
    return this.rate;
  }

  /** Readings observed so far. */
  readings(): number {
    return this.count;
  }
}
