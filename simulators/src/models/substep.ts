// Step-size helper: split a frame dt into equal substeps no longer than tauMin/5 (explicit Euler stays accurate).

export interface Substeps {
  /** Number of substeps (at least 1). */
  n: number;
  /** Length of each substep, s. */
  h: number;
}

/** Substeps for a frame of `dtS` given the fastest explicit time constant `tauMinS` (and an optional cap). */
export function substeps(dtS: number, tauMinS: number, maxN = 10_000): Substeps {
  if (!(dtS > 0)) return { n: 1, h: Math.max(0, dtS) };
  const hMax = tauMinS > 0 ? tauMinS / 5 : dtS;
  const n = Math.min(maxN, Math.max(1, Math.ceil(dtS / hMax - 1e-9)));
  return { n, h: dtS / n };
}

/** Runs `step(state, h)` over the substeps of `dtS`; returns the final state. */
export function integrate<S>(
  state: S,
  dtS: number,
  tauMinS: number,
  step: (s: S, h: number) => S,
): S {
  const { n, h } = substeps(dtS, tauMinS);
  let s = state;
  for (let i = 0; i < n; i++) s = step(s, h);
  return s;
}

/** Fraction of the way a first-order lag moves toward its target in `dtS` (exact, stable for any dt). */
export function lagFraction(dtS: number, tauS: number): number {
  return tauS > 0 ? 1 - Math.exp(-dtS / tauS) : 1;
}
