// Counting in sliding time windows over sorted timestamps: the arithmetic under flood, peak-rate and chattering KPIs.

/**
 * The most timestamps inside any one window of length `windowMs`. Half-open windows ([t, t + W)) count
 * times less than W apart; `inclusive` counts times up to W apart ("3 activations within 60 s").
 * `times` must be sorted ascending.
 */
export function maxInWindow(times: readonly number[], windowMs: number, inclusive = false): number {
  let best = 0;
  let i = 0;
  for (let j = 0; j < times.length; j++) {
    const tj = times[j]!;
    while (i < j && (inclusive ? tj - times[i]! > windowMs : tj - times[i]! >= windowMs)) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

export interface Span {
  start: number;
  end: number;
  /** The highest count reached inside the span. */
  peak: number;
}

/**
 * The spans of [from, to) in which the sliding count exceeds `threshold`. The count at time t is the
 * number of stamps `a` with a <= t < a + W (each stamp counts for W after it). `times` must be sorted.
 */
export function spansAbove(
  times: readonly number[],
  windowMs: number,
  threshold: number,
  from: number,
  to: number,
): Span[] {
  const steps = new Map<number, number>();
  for (const a of times) {
    steps.set(a, (steps.get(a) ?? 0) + 1);
    steps.set(a + windowMs, (steps.get(a + windowMs) ?? 0) - 1);
  }
  const edges = [...steps.keys()].sort((x, y) => x - y);
  const spans: Span[] = [];
  let count = 0;
  let open: Span | null = null;
  for (let k = 0; k < edges.length; k++) {
    const t = edges[k]!;
    count += steps.get(t)!;
    const next = edges[k + 1] ?? Infinity;
    const start = Math.max(t, from);
    const end = Math.min(next, to);
    if (start >= end) continue;
    if (count > threshold) {
      if (open && open.end === start) {
        open.end = end;
        open.peak = Math.max(open.peak, count);
      } else {
        open = { start, end, peak: count };
        spans.push(open);
      }
    }
  }
  return spans;
}
