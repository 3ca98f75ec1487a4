// Constant-holdup stirred vessel (overflow reactor): what flows in displaces the same water out, mixed; optional reaction.
import type { WaterTerms } from './ledger.js';
import type { Parcel, Stream } from './liquid.js';
import { addSolutes, scaleSolutes } from './liquid.js';
import type { Reaction } from './tank.js';

export type CstrState = Parcel;

export interface CstrInputs {
  inflows: Readonly<Record<string, Stream>>;
  reaction?: Reaction;
  /** Water evaporated from the open surface, kg/h (unmetered vent). */
  ventKgH?: number;
}

export interface CstrResult {
  state: CstrState;
  /** The overflow, kg/h. */
  out: Stream;
  water: WaterTerms;
}

/**
 * One step of `dtS` seconds. The water held stays constant: out = in + reaction − vent (never below zero);
 * solutes leave at the mixed composition. Pure.
 */
export function cstrStep(
  s0: Readonly<CstrState>,
  u: Readonly<CstrInputs>,
  dtS: number,
): CstrResult {
  const h = dtS / 3600;
  const water: WaterTerms = {
    in: {},
    out: {},
    reaction: 0,
    leak: 0,
    overflow: 0,
    vent: 0,
    accumulation: 0,
  };
  let w = s0.water;
  let sol = { ...s0.solutes };
  for (const name in u.inflows) {
    const f = u.inflows[name];
    if (!f) continue;
    water.in[name] = f.water * h;
    w += f.water * h;
    sol = addSolutes(sol, f.solutes, h);
  }
  if (u.reaction) {
    const r = u.reaction(w, sol);
    water.reaction = r.water - w;
    w = r.water;
    sol = r.solutes;
  }
  const vent = Math.min(Math.max(0, (u.ventKgH ?? 0) * h), Math.max(0, w - s0.water));
  w -= vent;
  water.vent = vent;
  const outW = Math.max(0, w - s0.water);
  const f = w > 0 ? outW / w : 0;
  const outSol = scaleSolutes(sol, f);
  const state: CstrState = { water: w - outW, solutes: addSolutes(sol, outSol, -1) };
  water.out['overflow'] = outW;
  water.accumulation = state.water - s0.water;
  return { state, out: { water: outW / h, solutes: scaleSolutes(outSol, 1 / h) }, water };
}
