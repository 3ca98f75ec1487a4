// Pusher centrifuge (no holdup): splits slurry into cake (crystals + retained liquor) and centrate; vibration.
import type { WaterTerms } from './ledger.js';
import type { Solutes, Stream } from './liquid.js';
import { addSolutes, scaleSolutes, soluteMass } from './liquid.js';
import { CRYSTALS } from './crystallizer.js';

export interface CentrifugeParams {
  /** Nominal speed, rpm, at which recovery and moisture take their nominal values. */
  nominalRpm: number;
  /** Solids recovery at nominal speed (0.95-0.99). */
  recovery: number;
  /** Cake moisture at nominal speed, wt% water of the wet cake (3-6). */
  moisturePct: number;
  /** Vibration at nominal speed with a balanced basket, mm/s. */
  vibrationMmS: number;
}

export interface CentrifugeInputs {
  slurry: Stream;
  speedRpm: number;
  running: boolean;
  /** Imbalance factor (1 = balanced; faults raise it). */
  imbalance?: number;
}

export interface CentrifugeOutputs {
  cake: Stream;
  centrate: Stream;
  /** Wet cake, kg/h. */
  cakeKgH: number;
  /** Water in the wet cake, wt%. */
  moisturePct: number;
  recovery: number;
  vibrationMmS: number;
  /** Water over `dtS` (kg): in = cake + centrate. */
  water: WaterTerms;
}

/** Recovery and moisture at a speed (higher speed: better recovery, drier cake). */
export function centrifugePerformance(
  p: Readonly<CentrifugeParams>,
  rpm: number,
): { recovery: number; moisturePct: number } {
  const r = Math.max(0.2, rpm / p.nominalRpm);
  const loss = (1 - p.recovery) / (r * r);
  return { recovery: Math.max(0.5, 1 - loss), moisturePct: Math.min(30, p.moisturePct / r) };
}

/** Splits the slurry flowing during `dtS`. Pure. */
export function centrifugeStep(
  p: Readonly<CentrifugeParams>,
  u: Readonly<CentrifugeInputs>,
  dtS: number,
): CentrifugeOutputs {
  const h = dtS / 3600;
  const s = u.slurry;
  const crystals = s.solutes[CRYSTALS] ?? 0;
  const liquorSolutes: Solutes = { ...s.solutes };
  delete liquorSolutes[CRYSTALS];
  const running = u.running && u.speedRpm > 0;
  const perf = centrifugePerformance(p, running ? u.speedRpm : p.nominalRpm);
  let cake: Stream = { water: 0, solutes: {} };
  if (running && crystals > 0) {
    const solids = crystals * perf.recovery;
    const d = s.water > 0 ? soluteMass(liquorSolutes) / s.water : 0;
    const w = perf.moisturePct / 100;
    const cakeWater = Math.min(s.water, (w * solids) / Math.max(1e-6, 1 - w * (1 + d)));
    const liquorFrac = s.water > 0 ? cakeWater / s.water : 0;
    cake = {
      water: cakeWater,
      solutes: { ...scaleSolutes(liquorSolutes, liquorFrac), [CRYSTALS]: solids },
    };
  }
  const centrate: Stream = {
    water: s.water - cake.water,
    solutes: addSolutes(s.solutes, cake.solutes, -1),
  };
  const cakeKgH = cake.water + soluteMass(cake.solutes);
  const r = (running ? u.speedRpm : 0) / p.nominalRpm;
  return {
    cake,
    centrate,
    cakeKgH,
    moisturePct: cakeKgH > 0 ? (100 * cake.water) / cakeKgH : 0,
    recovery: running ? perf.recovery : 0,
    vibrationMmS: p.vibrationMmS * r * r * (u.imbalance ?? 1),
    water: {
      in: { slurry: s.water * h },
      out: { cake: cake.water * h, centrate: centrate.water * h },
      reaction: 0,
      leak: 0,
      overflow: 0,
      vent: 0,
      accumulation: 0,
    },
  };
}
