// The water ledger every water-carrying model reports per step (kg): the books close when residual() is ~0.

/** Water moved during one step, kg. in + reaction = out + leak + overflow + vent + accumulation. */
export interface WaterTerms {
  /** Water entering, per named stream. */
  in: Record<string, number>;
  /** Water leaving as metered or routed streams, per named stream. */
  out: Record<string, number>;
  /** Water made (+) or consumed (−) by reactions, e.g. neutralisation. */
  reaction: number;
  /** Unmetered liquid loss. */
  leak: number;
  /** Overflow over the weir (and spill above the rim) to the tank's overflow destination. */
  overflow: number;
  /** Unmetered vapour loss (vents, open-surface evaporation). */
  vent: number;
  /** Change of the water held, end minus start. */
  accumulation: number;
}

export function emptyTerms(): WaterTerms {
  return { in: {}, out: {}, reaction: 0, leak: 0, overflow: 0, vent: 0, accumulation: 0 };
}

export function sumRecord(r: Readonly<Record<string, number>>): number {
  let s = 0;
  for (const k in r) s += r[k] ?? 0;
  return s;
}

/** in + reaction − out − leak − overflow − vent − accumulation (0 when the books close). */
export function residual(t: Readonly<WaterTerms>): number {
  return (
    sumRecord(t.in) + t.reaction - sumRecord(t.out) - t.leak - t.overflow - t.vent - t.accumulation
  );
}

/** The largest gross term, to judge a residual against (at least 1e-12 kg: below that, round-off is all there is). */
export function scale(t: Readonly<WaterTerms>): number {
  return Math.max(
    1e-12,
    sumRecord(t.in) + Math.abs(t.reaction),
    sumRecord(t.out) + t.leak + t.overflow + t.vent,
    Math.abs(t.accumulation),
  );
}

/** |residual| / scale. */
export function relativeResidual(t: Readonly<WaterTerms>): number {
  return Math.abs(residual(t)) / scale(t);
}

/** Adds `b` into `a` (mutates and returns `a`): sums ledgers over steps. */
export function accumulate(a: WaterTerms, b: Readonly<WaterTerms>): WaterTerms {
  for (const k in b.in) a.in[k] = (a.in[k] ?? 0) + (b.in[k] ?? 0);
  for (const k in b.out) a.out[k] = (a.out[k] ?? 0) + (b.out[k] ?? 0);
  a.reaction += b.reaction;
  a.leak += b.leak;
  a.overflow += b.overflow;
  a.vent += b.vent;
  a.accumulation += b.accumulation;
  return a;
}

/**
 * The books close: |residual| ≤ tol × the larger of the gross terms and the water held
 * (the accumulation is a difference of holdups, so its round-off scales with them).
 */
export function closes(t: Readonly<WaterTerms>, holdupKg: number, tol = 1e-9): boolean {
  return Math.abs(residual(t)) <= tol * Math.max(scale(t), Math.abs(holdupKg));
}
