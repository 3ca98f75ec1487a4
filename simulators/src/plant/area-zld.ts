// ZLD feed tank, MVR evaporator, FC crystallizer, centrifuge, centrate pot and purge dryer (PLC-200).
import type { Stream } from '../models/liquid.js';
import { centrifugeStep } from '../models/centrifuge.js';
import { crystallizerStep } from '../models/crystallizer.js';
import { evaporatorStep } from '../models/evaporator.js';
import { addSolutes, streamLh, tdsGL } from '../models/liquid.js';
import { REAGENTS, neutralise, phOf, reagentStream } from '../models/reactions.js';
import { BUFFERS, CENTRIFUGE, HEATERS } from './design.js';
import type { StepScratch } from './step-scratch.js';
import { conductivity } from './conductivity.js';

/** Foaming (0-1): carry-over multiplied by 1 + this x foaming; the dP level reads low by this share x foaming (light foam). */
const FOAM_CARRY_OVER = 400;
const FOAM_LEVEL_DROP = 0.25;

export function zldArea(x: StepScratch): void {
  const { s, b, H, act, faults } = x;
  // TK-402: raffinate, oxalate filtrate, sump return, diverted distillate; neutralised with NaOH.
  const naoh = reagentStream(REAGENTS.naoh50, x.f('P-403'));
  const drain = faults.outfall.from === 'TK-402' ? faults.outfall.drainLh : 0;
  const r = x.tank('TK-402', {
    inflows: {
      raffinate: x.take('P-401'),
      filtrate: x.take('filtrate303'),
      sumpReturn: x.take('P-902'),
      divert: x.take('divert'),
      naoh,
    },
    outflows: { 'P-405': x.f('P-405'), outfall: drain },
    reaction: neutralise,
  });
  b.naohWater += naoh.water * H;
  b.reaction += r.report.water.reaction;
  if (drain > 0) {
    b.discharge += r.report.water.out['outfall'] ?? 0;
    x.outfallDrainLh += streamLh(r.report.outflows['outfall'] ?? { water: 0, solutes: {} });
  }
  // The evaporator feed passes the activated-carbon bed: the residual oil stays there.
  const fed = r.report.outflows['P-405'] ?? { water: 0, solutes: {} };
  const feed: Stream = { water: fed.water, solutes: { ...fed.solutes, oil: 0 } };
  const tk = s.tanks['TK-402'];
  x.set('LIC-402', x.lvl('TK-402'))
    .set('AIC-403', phOf(tk.water, tk.solutes, BUFFERS.zld))
    .set('AI-404', (1e6 * (tk.solutes['oil'] ?? 0)) / Math.max(1e-9, x.s.tanks['TK-402'].water))
    .set('FIC-405', streamLh(fed))
    .set('AI-406', tdsGL({ water: tk.water, solutes: { ...tk.solutes, oil: 0 } }));

  // MVR evaporator: feed plus the demister wash (condensate).
  const wash = x.take('demisterWash');
  const ev = evaporatorStep(
    x.ctx.evaporator,
    x.s0.evaporator,
    {
      feed: { water: feed.water + wash.water, solutes: addSolutes(feed.solutes, wash.solutes) },
      concentrateLh: x.f('P-508'),
      speedPct: x.f('K-504'),
      ventOpenPct: x.pos('PV-502'),
      extraLossFrac: faults.ventLoss['EV-500'] ?? 0,
      leakLh: faults.leakLh['EV-500'] ?? 0,
      // Foam lifts brine into the vapour: carry-over rises steeply with it.
      carryOverFactor:
        faults.evaporator.carryOverFactor * (1 + FOAM_CARRY_OVER * faults.evaporator.foaming),
      uaFactor: faults.evaporator.uaFactor,
    },
    x.h,
  );
  s.evaporator = ev.state;
  x.units['EV-500'] = {
    ...ev.out.water,
    in: { feed: feed.water * H, demisterWash: wash.water * H },
  };
  b.vents += ev.out.water.vent;
  b.leaks += ev.out.water.leak;
  x.leakL += (faults.leakLh['EV-500'] ?? 0) * H * (ev.out.water.leak > 0 ? 1 : 0);
  x.put(x.pos('XV-510') > 50 ? 'divert' : 'distillate', ev.out.distillate);
  x.put('P-508', ev.out.concentrate);
  x.set('TI-501', ev.out.tBoilC)
    .set('PIC-502', ev.out.p1Kpa)
    .set('PT-503', ev.out.p2Kpa)
    .set('SIC-504', x.f('K-504'))
    .set('JI-505', ev.out.powerKw)
    .set('LIC-506', ev.out.levelPct * (1 - FOAM_LEVEL_DROP * faults.evaporator.foaming))
    .set('DIC-507', ev.out.densityKgL)
    .set('FT-508', streamLh(ev.out.concentrate))
    .set('FT-509', streamLh(ev.out.distillate))
    .set('FT-511', streamLh(wash))
    .set(
      'AIC-510',
      conductivity({ water: ev.out.distillate.water, solutes: ev.out.distillate.solutes }),
    )
    .set('XV-510.POS', x.pos('XV-510') > 50);

  // FC crystallizer: concentrate and centrate return in; slurry to the centrifuge.
  const circM3h = x.f('P-605') / 1000;
  const cr = crystallizerStep(
    x.ctx.crystallizer,
    x.s0.crystallizer,
    {
      feeds: { concentrate: x.take('P-508'), centrate: x.take('P-610R') },
      heaterKw: ((act.heat['HE-601'] ?? 0) / 100) * HEATERS['HE-601'],
      vacuumOpenPct: x.pos('PV-602'),
      slurryLh: x.f('P-609'),
      purgeLh: 0,
      circulationM3h: circM3h,
      extraLossFrac: faults.ventLoss['CR-600'] ?? 0,
      leakLh: faults.leakLh['CR-600'] ?? 0,
    },
    x.h,
  );
  s.crystallizer = cr.state;
  x.units['CR-600'] = cr.out.water;
  b.vents += cr.out.water.vent;
  b.leaks += cr.out.water.leak;
  x.leakL += (faults.leakLh['CR-600'] ?? 0) * H * (cr.out.water.leak > 0 ? 1 : 0);
  x.put('crDistillate', cr.out.distillate);
  const running = x.s.pumps['CF-610']?.status === 'running';
  const cf = centrifugeStep(
    CENTRIFUGE,
    {
      slurry: cr.out.slurry,
      speedRpm: x.f('CF-610'),
      running,
      imbalance: faults.imbalance['CF-610'] ?? 1,
    },
    x.h,
  );
  // The cake wash (condensate) displaces mother liquor into the centrate.
  const cakeWash = x.take('saltWash');
  x.units['CF-610'] = {
    ...cf.water,
    in: { ...cf.water.in, wash: cakeWash.water * H },
    out: { ...cf.water.out, centrate: (cf.centrate.water + cakeWash.water) * H },
  };
  b.saltCake += cf.water.out['cake'] ?? 0;
  x.put('centrate', {
    water: cf.centrate.water + cakeWash.water,
    solutes: addSolutes(cf.centrate.solutes, cakeWash.solutes),
  });
  x.set('TIC-601', cr.out.heaterOutletC)
    .set('PIC-602', cr.out.pKpa)
    .set('LIC-603', cr.out.levelPct)
    .set('DT-604', cr.out.solidsWtPct)
    .set('FT-605', circM3h)
    .set('FT-606', streamLh(cr.out.distillate))
    .set('SIC-610', x.f('CF-610'))
    .set('VT-611', cf.vibrationMmS)
    .set('WT-612', cf.cakeKgH)
    .set('AI-613', cf.moisturePct)
    .set('FT-614', streamLh(cakeWash));

  // Centrate pot: the return pump sends a fixed flow back to the crystallizer; the overflow is the mother-liquor
  // purge to the drum dryer (its water leaves as vapour). The slurry draw (LIC-603) thus holds the crystallizer
  // level through the purge, which takes up whatever water the crystallizer does not evaporate.
  const pot = x.tank('centrate-pot', {
    inflows: { centrate: x.take('centrate') },
    outflows: { 'P-610R': x.f('P-610R') },
  });
  x.put('P-610R', pot.report.outflows['P-610R'] ?? { water: 0, solutes: {} });
  b.dryerVapour += pot.report.water.overflow;
  x.set('FT-607', streamLh(pot.report.overflow));
}
