// Oxalic acid make-up, oxalate precipitation, cake filter (washed with fresh water) and calciner (PLC-100).
import type { Stream } from '../models/liquid.js';
import { cstrStep } from '../models/cstr.js';
import { filterStep } from '../models/filter.js';
import { addSolutes, soluteMass, streamLh } from '../models/liquid.js';
import { OXALATE, precipitateOxalate } from '../models/oxalate.js';
import { psatKpa } from '../models/steam.js';
import { thermalStep } from '../models/thermal.js';
import { HEATERS, REAGENT } from './design.js';
import type { StepScratch } from './step-scratch.js';

/** Free water in the washed oxalate cake, wt %: with the decahydrate water it makes ~1.07 kg/h (§5). */
const OXALATE_FREE_MOISTURE_PCT = 25.8;

export function oxalateArea(x: StepScratch): void {
  const { s, b, H, act } = x;
  // Oxalic solution: dihydrate (crystal water is a boundary input) dissolved in condensate.
  const q = x.f('P-302');
  const cond = x.take('oxalicCond');
  const crystalWater = q * REAGENT.oxalicCrystalWaterPerL;
  const oxalic: Stream = {
    water: cond.water + crystalWater,
    solutes: addSolutes(cond.solutes, { oxalic: q * REAGENT.oxalicKgPerL }),
  };
  b.oxalicCrystalWater += crystalWater * H;
  const liquor = x.take('P-301');
  const mixed: Stream = {
    water: liquor.water + oxalic.water,
    solutes: addSolutes(liquor.solutes, oxalic.solutes),
  };
  const p = precipitateOxalate(mixed);
  // The precipitator holds constant; the decahydrate water leaves the liquid with the solids.
  const t = s.temps['R-303'];
  const r = cstrStep(
    x.s0.precipitator,
    { inflows: { slurry: p.slurry }, ventKgH: 0.02 * (psatKpa(t) / psatKpa(55)) },
    x.h,
  );
  s.precipitator = r.state;
  const hydrate = p.hydrateWaterKgH * H;
  x.units['R-303'] = {
    ...r.water,
    in: { liquor: liquor.water * H, oxalic: oxalic.water * H },
    out: { ...r.water.out, hydrate },
  };
  b.vents += r.water.vent;
  s.temps['R-303'] = thermalStep(
    { massKg: 17, cp: 3.8, lossKwK: 0.005, ambientC: 20 },
    t,
    {
      heaterKw: ((act.heat['HE-303'] ?? 0) / 100) * HEATERS['HE-303'],
      flowKgH: mixed.water + soluteMass(mixed.solutes),
      inletC: 30,
    },
    x.h,
  );
  // Cake filter, washed with fresh water from TK-002 and condensate.
  const fresh = x.take('wash');
  const rinse = x.take('oxalateWash');
  const wash: Stream = {
    water: fresh.water + rinse.water,
    solutes: addSolutes(fresh.solutes, rinse.solutes),
  };
  const fil = filterStep(
    { solids: [OXALATE], recovery: 1, moisturePct: OXALATE_FREE_MOISTURE_PCT },
    r.out,
    x.h,
    wash,
  );
  x.units['F-303'] = fil.water;
  b.oxalateCake += (fil.water.out['cake'] ?? 0) + hydrate;
  x.put('filtrate303', fil.filtrate);
  // Calciner: the cake's water leaves as vapour there (outside the aqueous circuit); drying load on the burner.
  const dryingKw = ((fil.cake.water + p.hydrateWaterKgH) * 2600) / 3600;
  s.temps['CA-305'] = thermalStep(
    { massKg: 200, cp: 1.0, lossKwK: 0.025, ambientC: 20 },
    s.temps['CA-305'],
    {
      heaterKw: ((act.heat['CA-305'] ?? 0) / 100) * HEATERS['CA-305'] - dryingKw,
      flowKgH: 0,
      inletC: 20,
    },
    x.h,
  );
  x.set('FIC-302', streamLh(oxalic))
    .set('TIC-303', s.temps['R-303'])
    .set('FT-304', streamLh(fil.filtrate))
    .set('TIC-305', s.temps['CA-305'])
    .set('WT-306', fil.cakeKgH);
}
