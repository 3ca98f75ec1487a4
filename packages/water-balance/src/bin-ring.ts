// A ring of fixed-width time bins holding, per channel, the integral, covered time, quality time and sample count.
import { SampleClass } from './quality-rank.js';

/**
 * Bin k covers [k * binMs, (k + 1) * binMs). A slot is reused for bin k + size once bin k has
 * left every window, so memory and the cost of a window sum are O(bins), never O(samples).
 * Arrays are laid out slot-major (`slot * channels + channel`) so one bin's channels sit together.
 */
export class BinRing {
  readonly binMs: number;
  readonly size: number;
  readonly channels: number;
  /** The bin index each slot currently holds (NaN: none). */
  private readonly keys: Float64Array;
  /** Integral of the signal over the bin, value x seconds (the usable and substituted stretches). */
  readonly integral: Float64Array;
  /** Seconds of the bin with a value (measured or substituted). */
  readonly covered: Float64Array;
  /** Seconds of the bin whose value was substituted or missing. */
  readonly bad: Float64Array;
  /** Seconds of the bin measured with Uncertain quality. */
  readonly uncertain: Float64Array;
  /** Usable samples that arrived within the bin. */
  readonly samples: Float64Array;

  constructor(binMs: number, size: number, channels: number) {
    if (!(binMs > 0) || !Number.isInteger(size) || size < 2) throw new Error('bad bin ring shape');
    this.binMs = binMs;
    this.size = size;
    this.channels = channels;
    this.keys = new Float64Array(size).fill(Number.NaN);
    const n = size * channels;
    this.integral = new Float64Array(n);
    this.covered = new Float64Array(n);
    this.bad = new Float64Array(n);
    this.uncertain = new Float64Array(n);
    this.samples = new Float64Array(n);
  }

  /** The bin index of a time, epoch ms. */
  binOf(t: number): number {
    return Math.floor(t / this.binMs);
  }

  /** The array offset of bin k's first channel, or -1 when the ring does not hold bin k. */
  offset(k: number): number {
    const slot = this.slotOf(k);
    return this.keys[slot] === k ? slot * this.channels : -1;
  }

  /** The array offset of bin k's first channel, claiming (and clearing) its slot if needed. */
  open(k: number): number {
    const slot = this.slotOf(k);
    const base = slot * this.channels;
    if (this.keys[slot] !== k) {
      this.keys[slot] = k;
      const end = base + this.channels;
      this.integral.fill(0, base, end);
      this.covered.fill(0, base, end);
      this.bad.fill(0, base, end);
      this.uncertain.fill(0, base, end);
      this.samples.fill(0, base, end);
    }
    return base;
  }

  /**
   * Adds a straight-line stretch of one channel from (t0, v0) to (t1, v1), split at bin edges
   * (the trapezoidal rule, exact for a straight line). Missing stretches add only bad time.
   */
  addSegment(
    channel: number,
    t0: number,
    t1: number,
    v0: number,
    v1: number,
    cls: SampleClass,
  ): void {
    if (!(t1 > t0)) return;
    const slope = (v1 - v0) / (t1 - t0);
    let t = t0;
    while (t < t1) {
      const k = this.binOf(t);
      const end = Math.min(t1, (k + 1) * this.binMs);
      const i = this.open(k) + channel;
      const dt = (end - t) / 1000;
      if (cls !== SampleClass.Missing) {
        const va = v0 + slope * (t - t0);
        const vb = v0 + slope * (end - t0);
        this.integral[i]! += 0.5 * (va + vb) * dt;
        this.covered[i]! += dt;
      }
      if (cls === SampleClass.Substituted || cls === SampleClass.Missing) this.bad[i]! += dt;
      else if (cls === SampleClass.Uncertain) this.uncertain[i]! += dt;
      t = end;
    }
  }

  /** Counts one usable sample of a channel at time t. */
  countSample(channel: number, t: number): void {
    this.samples[this.open(this.binOf(t)) + channel]! += 1;
  }

  private slotOf(k: number): number {
    return ((k % this.size) + this.size) % this.size;
  }
}
