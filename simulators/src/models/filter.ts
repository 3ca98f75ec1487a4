// Solid/liquid separation without holdup (belt or press filter): cake = solids + retained liquor at a moisture; filtrate.
import type { WaterTerms } from './ledger.js';
import type { Solutes, Stream } from './liquid.js';
import { addSolutes, scaleSolutes, soluteMass } from './liquid.js';

export interface FilterParams {
  /** Species that are solids (the rest is dissolved). */
  solids: readonly string[];
  /** Fraction of the solids caught (0-1). */
  recovery: number;
  /** Free water in the wet cake, wt% of the cake (hydrate water in the solids not counted here). */
  moisturePct: number;
}

export interface FilterOutputs {
  cake: Stream;
  filtrate: Stream;
  /** Wet cake, kg/h. */
  cakeKgH: number;
  water: WaterTerms;
}

/** Splits the slurry flowing during `dtS`; extra wash water joins the filtrate. Pure. */
export function filterStep(
  p: Readonly<FilterParams>,
  slurry: Readonly<Stream>,
  dtS: number,
  wash: Readonly<Stream> = { water: 0, solutes: {} },
): FilterOutputs {
  const h = dtS / 3600;
  const solids: Solutes = {};
  const liquor: Solutes = {};
  for (const k in slurry.solutes) {
    if (p.solids.includes(k)) solids[k] = (slurry.solutes[k] ?? 0) * p.recovery;
    else liquor[k] = slurry.solutes[k] ?? 0;
  }
  const dry = soluteMass(solids);
  const d = slurry.water > 0 ? soluteMass(liquor) / slurry.water : 0;
  const w = p.moisturePct / 100;
  const cakeWater = Math.min(slurry.water, (w * dry) / Math.max(1e-6, 1 - w * (1 + d)));
  const f = slurry.water > 0 ? cakeWater / slurry.water : 0;
  const cake: Stream = { water: cakeWater, solutes: addSolutes(solids, scaleSolutes(liquor, f)) };
  const filtrate: Stream = {
    water: slurry.water - cakeWater + wash.water,
    solutes: addSolutes(addSolutes(slurry.solutes, cake.solutes, -1), wash.solutes),
  };
  return {
    cake,
    filtrate,
    cakeKgH: cake.water + soluteMass(cake.solutes),
    water: {
      in: { slurry: slurry.water * h, wash: wash.water * h },
      out: { cake: cake.water * h, filtrate: filtrate.water * h },
      reaction: 0,
      leak: 0,
      overflow: 0,
      vent: 0,
      accumulation: 0,
    },
  };
}
