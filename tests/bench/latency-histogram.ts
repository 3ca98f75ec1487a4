// Latencies in 0.1 ms buckets up to 10 s (beyond: one overflow bucket), with percentiles exact to the bucket.
const BUCKET_MS = 0.1;
const BUCKETS = 100_000;

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS + 1);
  private n = 0;
  private sum = 0;
  private maxMs = 0;

  record(ms: number): void {
    const v = ms < 0 ? 0 : ms;
    const i = Math.min(BUCKETS, Math.floor(v / BUCKET_MS));
    this.counts[i]!++;
    this.n++;
    this.sum += v;
    if (v > this.maxMs) this.maxMs = v;
  }

  get count(): number {
    return this.n;
  }

  /** The upper edge of the bucket holding the p-th percentile (p in 0..100), in ms; the max when it overflowed. */
  percentile(p: number): number {
    if (this.n === 0) return NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.n));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(this.maxMs, (i + 1) * BUCKET_MS);
    }
    return this.maxMs;
  }

  /** Milliseconds rounded to 0.1 ms; NaN (no samples) becomes null in JSON. */
  summary(): LatencySummary {
    const r = (x: number) => Math.round(x * 10) / 10;
    return {
      count: this.n,
      p50: r(this.percentile(50)),
      p90: r(this.percentile(90)),
      p99: r(this.percentile(99)),
      max: r(this.maxMs),
      mean: r(this.n === 0 ? NaN : this.sum / this.n),
    };
  }
}
