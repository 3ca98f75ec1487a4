// Condensate tank and reuse header, plant bund sump with its return pump and the outfall, SX bund (PLC-300).
import type { Parcel, Stream } from '../models/liquid.js';
import { scaleSolutes, streamLh } from '../models/liquid.js';
import { limitSwitches } from '../models/valve.js';
import { REAGENT, NOMINAL } from './design.js';
import { FLOAT_VALVE, OUTFALL_CAPACITY_LH } from './equipment.js';
import type { StepScratch } from './step-scratch.js';
import { dilutedAcid } from './sx-startup.js';
import { conductivity } from './conductivity.js';

/** Background conductivity of the dry outfall sump (rain and ground water), µS/cm. */
export const SUMP_BACKGROUND_USCM = 120;
/** Water in a sump or bund above which its level switch reads wet, kg. */
const WET_KG = 0.5;

/** Make-up: XV-001 isolates a float valve that tops TK-002 up; the wash pump sends fresh water to the oxalate filter. */
export function makeupArea(x: StepScratch): void {
  const open = x.pos('XV-001') / 100;
  const q =
    open *
    Math.min(
      FLOAT_VALVE.maxLh,
      Math.max(0, FLOAT_VALVE.gainLhPerPct * (FLOAT_VALVE.setPct - x.lvl('TK-002'))),
    );
  const r = x.tank('TK-002', {
    inflows: { makeup: { water: q, solutes: {} } },
    outflows: { wash: x.f('P-002W') },
  });
  x.b.makeup += q * x.H;
  x.put('wash', r.report.outflows['wash'] ?? { water: 0, solutes: {} });
  x.set('FT-001', q)
    .set('LT-002', x.lvl('TK-002'))
    .set(
      'XV-001.POS',
      limitSwitches(x.s.valves['XV-001'] ?? { positionPct: 0, demandPct: 0 }).open,
    );
}

export function condensateArea(x: StepScratch): void {
  const { b, H, faults } = x;
  const drain = faults.outfall.from === 'TK-701' ? faults.outfall.drainLh : 0;
  const r = x.tank('TK-701', {
    inflows: { distillate: x.take('distillate'), crystallizerDistillate: x.take('crDistillate') },
    outflows: { 'P-703': x.f('P-703'), 'P-704': x.f('P-704'), outfall: drain },
  });
  const exported = r.report.outflows['P-704'] ?? { water: 0, solutes: {} };
  b.export += exported.water * H;
  if (drain > 0) {
    b.discharge += r.report.water.out['outfall'] ?? 0;
    x.outfallDrainLh += streamLh(r.report.outflows['outfall'] ?? { water: 0, solutes: {} });
  }
  const reuse = r.report.outflows['P-703'] ?? { water: 0, solutes: {} };
  splitHeader(x, reuse);
  const tk = x.s.tanks['TK-701'];
  x.set('LIC-701', x.lvl('TK-701'))
    .set('AI-702', 0.3 + 0.2 * conductivity(tk, 0))
    .set('FIC-703', streamLh(reuse))
    .set('FT-704', streamLh(exported));
}

/**
 * The condensate reuse header: the acid make-ups, the oxalic dissolver and the salt-cake wash take what they need, the leach
 * takes its set flow, and the rest washes the evaporator demister (so the header always balances).
 */
function splitHeader(x: StepScratch, supply: Readonly<Stream>): void {
  const demands: [string, number][] = [
    ['scrubCond', dilutedAcid(x.f('P-202'), NOMINAL.scrubMolar).condensateLh],
    ['stripCond', dilutedAcid(x.f('P-203'), NOMINAL.stripMolar).condensateLh],
    ['oxalicCond', x.f('P-302') * REAGENT.oxalicCondensatePerL],
    ['saltWash', x.s.pumps['CF-610']?.status === 'running' ? NOMINAL.saltWashLh : 0],
    ['oxalateWash', NOMINAL.oxalateWashLh],
    ['leachWater', Math.max(0, x.act.leachWaterLh)],
  ];
  let left = supply.water;
  const share = (name: string, kgH: number): void => {
    const k = supply.water > 0 ? kgH / supply.water : 0;
    x.put(name, { water: kgH, solutes: scaleSolutes(supply.solutes, k) });
  };
  for (const [name, want] of demands) {
    const give = Math.min(want, Math.max(0, left));
    share(name, give);
    left -= give;
  }
  share('demisterWash', Math.max(0, left));
}

export function outfallArea(x: StepScratch): void {
  const { b } = x;
  const open = x.pos('XV-901');
  const sump = x.tank('SU-902', {
    inflows: { overflow: x.take('toSump') },
    outflows: { 'P-902': x.f('P-902'), outfall: (open / 100) * OUTFALL_CAPACITY_LH },
  });
  x.put('P-902', sump.report.outflows['P-902'] ?? { water: 0, solutes: {} });
  b.discharge += sump.report.water.out['outfall'] ?? 0;
  const su: Parcel = x.s.tanks['SU-902'];
  x.set(
    'FT-901',
    streamLh(sump.report.outflows['outfall'] ?? { water: 0, solutes: {} }) + x.outfallDrainLh,
  )
    .set('ZSC-901', limitSwitches(x.s.valves['XV-901'] ?? { positionPct: 0, demandPct: 0 }).closed)
    .set('LSH-902', su.water > WET_KG)
    .set(
      'AI-903',
      su.water > WET_KG
        ? Math.min(5000, conductivity(su, SUMP_BACKGROUND_USCM))
        : SUMP_BACKGROUND_USCM,
    );
  const bund = x.tank('sx-bund', { inflows: { spill: x.take('toSxBund') } });
  x.set('LSH-215', bund.state.water > WET_KG);
}
