// One substep of the whole pilot: equipment first, then every area; transfers ride one-substep pipes, so each
// kg of water leaves one holdup and enters another exactly once.
import type { WaterTerms } from '../models/ledger.js';
import { leachArea, sxArea } from './area-wet.js';
import { oxalateArea } from './area-oxalate.js';
import { zldArea } from './area-zld.js';
import { condensateArea, makeupArea, outfallArea } from './area-utilities.js';
import type { BoundaryTerms } from './plant-ledger.js';
import type { ProcessState } from './process-state.js';
import { TANK_IDS } from './process-state.js';
import type { Actuation, ProcessContext, ProcessFaults } from './step-scratch.js';
import { StepScratch } from './step-scratch.js';
import { NOMINAL } from './design.js';
import { dilutedAcid } from './sx-startup.js';

export interface StepResult {
  state: ProcessState;
  /** True values of the measured and state tags. */
  truth: Map<string, number | boolean>;
  /** Each unit's water terms this substep, kg. */
  units: Record<string, WaterTerms>;
  /** Boundary terms this substep, kg. */
  boundary: BoundaryTerms;
  /** Liquid lost to leaks this substep, L. */
  leakL: number;
}

export function processStep(
  ctx: Readonly<ProcessContext>,
  s0: Readonly<ProcessState>,
  act: Readonly<Actuation>,
  faults: Readonly<ProcessFaults>,
  h: number,
): StepResult {
  const x = new StepScratch(ctx, s0, act, faults, h);
  makeupArea(x);
  leachArea(x);
  sxArea(x);
  oxalateArea(x);
  zldArea(x);
  condensateArea(x);
  outfallArea(x);
  // Reagent headers: 32 % HCl to the leach and the two acid make-ups; 50 % NaOH to polish, SX and neutralisation.
  const hcl32 =
    x.f('P-102') +
    dilutedAcid(x.f('P-202'), NOMINAL.scrubMolar).hcl32Lh +
    dilutedAcid(x.f('P-203'), NOMINAL.stripMolar).hcl32Lh;
  x.set('FT-003', hcl32).set('FT-004', x.f('P-104') + x.f('P-204') + x.f('P-403'));
  x.s.pipes = x.pipes;
  x.s.timeS = s0.timeS + h;
  return { state: x.s, truth: x.truth, units: x.units, boundary: x.b, leakL: x.leakL };
}

/** All the water the plant holds, kg: tanks, vessels, the SX aqueous, evaporator and crystallizer (with their vapour), pipes. */
export function holdupKg(s: Readonly<ProcessState>): number {
  let w = 0;
  for (const id of TANK_IDS) w += s.tanks[id].water;
  w += s.polish.water + s.precipitator.water;
  for (const st of s.sx.stages) {
    w += st.mixAq.water;
    for (const c of st.setAq) w += c.water;
  }
  w += s.evaporator.water + s.evaporator.vapourKg;
  w += s.crystallizer.water + s.crystallizer.vapourKg;
  for (const k in s.pipes) w += s.pipes[k]?.water ?? 0;
  const box = s.sxInbox;
  w += box.feed.water + box.scrub.water + box.strip.water + box.sap.water;
  return w;
}
