// The balance arithmetic on window sums: term masses, inventory change and residual, with their 1-sigma uncertainties.
import type { Layout, SourceRef, TankSpec, TermSpec } from './layout.js';
import type { WindowSums } from './window-sums.js';

/** kg of water from a list of sources over the window (channel integrals are value x seconds). */
export function sourcesKg(sources: readonly SourceRef[], sums: WindowSums): number {
  let kg = 0;
  for (const s of sources) kg += (s.factor * sums.flow[s.channel]!) / 3600;
  return kg;
}

export function termKg(term: TermSpec, sums: WindowSums): number {
  return sourcesKg(term.sources, sums) + (term.constantKgH * sums.spanS) / 3600;
}

/** u x m for a term with its own uncertainty, else the sources' accuracies added in quadrature. */
export function termSigmaKg(term: TermSpec, sums: WindowSums): number {
  if (term.uncertainty !== undefined) return term.uncertainty * Math.abs(termKg(term, sums));
  let v = 0;
  for (const s of term.sources)
    v += (s.accuracy * s.factor * sums.flow[s.channel]!) ** 2 / 3600 ** 2;
  return Math.sqrt(v);
}

/** Water gained by a tank between the window's endpoints, kg (NaN when an endpoint has no data). */
export function tankChangeKg(tank: TankSpec, sums: WindowSums): number {
  return tank.kgPerUnit * (sums.end[tank.channel]! - sums.start[tank.channel]!);
}

/**
 * 1 sigma of a tank's change: rho A sigma_h per endpoint, each endpoint a mean of n effectively
 * independent readings (readings closer than `correlationS` count as one); with one reading per
 * endpoint this is the sqrt(2) rho A sigma_h of the plain two-reading formula.
 */
export function tankSigmaKg(
  tank: TankSpec,
  sums: WindowSums,
  binS: number,
  correlationS: number,
): number {
  const maxN = Math.max(1, (sums.m * binS) / correlationS);
  const nEff = (samples: number) => Math.max(1, Math.min(samples, maxN));
  const one = tank.kgPerUnit * tank.sigmaUnit;
  return (
    one *
    Math.sqrt(1 / nEff(sums.startSamples[tank.channel]!) + 1 / nEff(sums.endSamples[tank.channel]!))
  );
}

export interface ResidualParts {
  inKg: number;
  outKg: number;
  inventoryKg: number;
  residualKg: number;
  /** Every tank had data at both endpoints. */
  complete: boolean;
}

/** r = in + reaction - out - dM over the window; a tank without data counts as unchanged. */
export function residualParts(layout: Layout, sums: WindowSums): ResidualParts {
  let inKg = 0;
  let outKg = 0;
  for (const t of layout.terms) {
    if (t.side === 'in') inKg += termKg(t, sums);
    else outKg += termKg(t, sums);
  }
  let inventoryKg = 0;
  let complete = true;
  for (const tank of layout.tanks) {
    const d = tankChangeKg(tank, sums);
    if (Number.isFinite(d)) inventoryKg += d;
    else complete = false;
  }
  return { inKg, outKg, inventoryKg, residualKg: inKg - outKg - inventoryKg, complete };
}
