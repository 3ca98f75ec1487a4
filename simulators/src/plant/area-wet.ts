// Leach, Fe polish, PLS tank, SX bank with its organic loop, raffinate tank and strip-liquor pot (PLC-100).
import type { Parcel, Stream } from '../models/liquid.js';
import { cstrStep } from '../models/cstr.js';
import { filterStep } from '../models/filter.js';
import {
  CALCINE,
  MAGNET_LEACH,
  RESIDUE,
  ironPrecipitation,
  leachReaction,
  magnetFeed,
} from '../models/leach.js';
import {
  addSolutes,
  concentrationGL,
  scaleSolutes,
  soluteMass,
  streamLh,
} from '../models/liquid.js';
import { mixerSettlerStep } from '../models/mixer-settler-step.js';
import { REAGENTS, neutralise, phOf, reagentStream } from '../models/reactions.js';
import { psatKpa } from '../models/steam.js';
import { thermalStep } from '../models/thermal.js';
import { BUFFERS, HEATERS, NOMINAL, SX } from './design.js';
import type { SxInbox } from './process-state.js';
import { emptySxInbox } from './process-state.js';
import type { StepScratch } from './step-scratch.js';
import { dilutedAcid } from './sx-startup.js';

/** Fe residue filter: free water in the cake, wt %. */
const RESIDUE_MOISTURE_PCT = 26.5;
/** The organic surge tank's free surface, m², and height, m (TK-207 in the plant file). */
export const ORGANIC_TANK = { areaM2: 0.2, heightM: 1 } as const;
/** Coalescer on the raffinate transfer: fraction of entrained organic it recovers to TK-207. */
const COALESCER_EFF = 0.995;
const ORGANIC_DENSITY = 0.8;

export function leachArea(x: StepScratch): void {
  const { s, b, H, act } = x;
  const feed = magnetFeed(NOMINAL.feedKgH, NOMINAL.feedMoisture);
  const hcl = reagentStream(REAGENTS.hcl32, x.f('P-102'));
  const water = x.take('leachWater');
  const t = s.temps['R-101'];
  const r = x.tank('R-101', {
    inflows: { feed, hcl, water },
    outflows: { 'P-103': x.f('P-103') },
    reaction: leachReaction(MAGNET_LEACH),
    ventKgH: 0.05 * (psatKpa(t) / psatKpa(80)),
  });
  b.feedMoisture += feed.water * H;
  b.hclWater += hcl.water * H;
  b.vents += r.report.water.vent;
  x.put('P-103', r.report.outflows['P-103'] ?? { water: 0, solutes: {} });
  const mass = s.tanks['R-101'].water + soluteMass(s.tanks['R-101'].solutes);
  s.temps['R-101'] = thermalStep(
    { massKg: Math.max(5, mass), cp: 3.6, lossKwK: 0.012, ambientC: 20 },
    t,
    {
      heaterKw: ((act.heat['HE-101'] ?? 0) / 100) * HEATERS['HE-101'],
      flowKgH: NOMINAL.feedKgH + water.water + x.f('P-102') * 1.16,
      inletC: 30,
    },
    x.h,
  );
  x.set('TIC-101', s.temps['R-101'])
    .set('AIC-102', phOf(s.tanks['R-101'].water, s.tanks['R-101'].solutes, BUFFERS.leach))
    .set('LIC-103', x.lvl('R-101'))
    .set('WT-005', NOMINAL.feedKgH);

  // Fe polish R-104: NaOH to pH; residual Fe precipitates; then the residue filter.
  const naoh = reagentStream(REAGENTS.naoh50, x.f('P-104'));
  const iron = ironPrecipitation(phOf(x.s0.polish.water, x.s0.polish.solutes, BUFFERS.leach));
  const pol = cstrStep(
    x.s0.polish,
    {
      inflows: { slurry: x.take('P-103'), naoh },
      reaction: (w, so) => {
        const n = neutralise(w, so);
        return iron(n.water, n.solutes);
      },
    },
    x.h,
  );
  s.polish = pol.state;
  x.units['R-104'] = pol.water;
  b.naohWater += naoh.water * H;
  b.reaction += pol.water.reaction;
  const fil = filterStep(
    { solids: [RESIDUE, CALCINE], recovery: 1, moisturePct: RESIDUE_MOISTURE_PCT },
    pol.out,
    x.h,
  );
  x.units['F-104'] = fil.water;
  b.feResidue += fil.water.out['cake'] ?? 0;
  x.put('filtrate104', fil.filtrate);
  x.set('AIC-104', phOf(s.polish.water, s.polish.solutes, BUFFERS.leach));

  const tk105 = x.tank('TK-105', {
    inflows: { filtrate: x.take('filtrate104') },
    outflows: { 'P-106': x.f('P-106') },
  });
  const pls = tk105.report.outflows['P-106'] ?? { water: 0, solutes: {} };
  x.put('P-106', pls);
  x.set('LT-105', x.lvl('TK-105'))
    .set('FIC-106', streamLh(pls))
    .set('AI-107', concentrationGL(s.tanks['TK-105'], 'REE'));
}

/** The SX bank steps at this period (its fastest explicit dynamics are minutes); inputs wait in its inbox. */
export const SX_PERIOD_S = 10;

const addTo = (p: Parcel, st: Readonly<Stream>, hH: number): Parcel => ({
  water: p.water + st.water * hH,
  solutes: addSolutes(p.solutes, st.solutes, hH),
});

export function sxArea(x: StepScratch): void {
  const { s, b, H } = x;
  const scrubMix = dilutedAcid(x.f('P-202'), NOMINAL.scrubMolar);
  const stripMix = dilutedAcid(x.f('P-203'), NOMINAL.stripMolar);
  const hclScrub = reagentStream(REAGENTS.hcl32, scrubMix.hcl32Lh);
  const hclStrip = reagentStream(REAGENTS.hcl32, stripMix.hcl32Lh);
  const join = (a: Stream, c: Stream): Stream => ({
    water: a.water + c.water,
    solutes: addSolutes(a.solutes, c.solutes),
  });
  const scrub = join(hclScrub, x.take('scrubCond'));
  const strip = join(hclStrip, x.take('stripCond'));
  const sap = reagentStream(REAGENTS.naoh50, x.f('P-204'));
  b.hclWater += (hclScrub.water + hclStrip.water) * H;
  b.naohWater += sap.water * H;
  // The organic pump draws from TK-207 now; the bank gets it with the rest of its inbox.
  const org = x.s0.organic;
  const orgLh = Math.min(x.f('P-201'), org.volL / H);
  const drawn = orgLh * H;
  const k = org.volL > 0 ? Math.min(1, drawn / org.volL) : 0;
  s.organic = { volL: org.volL - drawn, reeKg: org.reeKg * (1 - k), naMol: org.naMol * (1 - k) };
  const box = x.s0.sxInbox;
  const inbox: SxInbox = {
    elapsedS: box.elapsedS + x.h,
    feed: addTo(box.feed, x.take('P-106'), H),
    scrub: addTo(box.scrub, scrub, H),
    strip: addTo(box.strip, strip, H),
    sap: addTo(box.sap, sap, H),
    organicL: box.organicL + drawn,
    organicReeKg: box.organicReeKg + org.reeKg * k,
    organicNaMol: box.organicNaMol + org.naMol * k,
    rpmS: box.rpmS + x.f('M-212') * x.h,
  };
  s.sxInbox = inbox;
  x.set('FIC-201', orgLh)
    .set('FIC-202', streamLh(scrub))
    .set('FIC-203', streamLh(strip))
    .set('FIC-204', x.f('P-204'))
    .set('SIC-212', x.f('M-212'));
  s.temps.sx +=
    (28 + 2 * Math.min(1.5, x.f('M-212') / NOMINAL.mixerRpm) - s.temps.sx) *
    (1 - Math.exp(-x.h / 1800));
  x.set('TT-213', s.temps.sx).set(
    'AT-214',
    Math.max(0, 1.5 + 0.004 * (x.f('M-212') - NOMINAL.mixerRpm) + 0.3 * (s.temps.sx - 30)),
  );
  if (inbox.elapsedS >= SX_PERIOD_S - 1e-9) stepBank(x, inbox);
  const rd = s.sxReadings;
  const nE = SX.extraction.stages;
  x.set('AIC-205', rd.raffinatePh)
    .set('LIT-211', rd.interfaces[0] ?? 0)
    .set('LIT-221', rd.interfaces[nE] ?? 0)
    .set('LIT-231', rd.interfaces[nE + SX.scrub.stages] ?? 0)
    .set('AI-208', rd.raffinateReeGL)
    .set('AI-209', rd.stripLiquorReeGL);
  raffinateArea(x);
}

/** Steps the bank over its inbox; its outflows go out as amounts over the same interval. */
function stepBank(x: StepScratch, box: Readonly<SxInbox>): void {
  const { s, b } = x;
  const dt = box.elapsedS;
  const hh = dt / 3600;
  const perH = (p: Readonly<Parcel>): Stream => ({
    water: p.water / hh,
    solutes: scaleSolutes(p.solutes, 1 / hh),
  });
  const r = mixerSettlerStep(
    SX,
    x.s0.sx,
    {
      feed: perH(box.feed),
      scrub: perH(box.scrub),
      strip: perH(box.strip),
      organic: {
        lh: box.organicL / hh,
        reeKgL: box.organicL > 0 ? box.organicReeKg / box.organicL : 0,
        naMolL: box.organicL > 0 ? box.organicNaMol / box.organicL : 0,
      },
      saponification: perH(box.sap),
      mixerRpm: box.rpmS / dt,
    },
    dt,
  );
  s.sx = r.state;
  s.sxInbox = emptySxInbox();
  x.units['MS-210'] = r.out.water;
  b.reaction += r.out.water.reaction;
  const oil = r.out.organicLossLh * ORGANIC_DENSITY;
  const out = (name: string, st: Readonly<Stream>): void =>
    x.putAmount(name, { water: st.water * hh, solutes: scaleSolutes(st.solutes, hh) });
  out('raffinate', { water: r.out.raffinate.water, solutes: { ...r.out.raffinate.solutes, oil } });
  out('sapAq', r.out.sapAqueous);
  out('stripLiquor', r.out.stripLiquor);
  const back = r.out.organicOut;
  s.organic = {
    volL: s.organic.volL + back.lh * hh,
    reeKg: s.organic.reeKg + back.reeKgL * back.lh * hh,
    naMol: s.organic.naMol + back.naMolL * back.lh * hh,
  };
  s.sxReadings = {
    raffinatePh: r.out.raffinatePh,
    interfaces: r.out.interfaceMmByStage,
    raffinateReeGL: r.out.raffinateReeGL,
    stripLiquorReeGL: r.out.stripLiquorReeGL,
  };
}

function raffinateArea(x: StepScratch): void {
  const { s, b, H } = x;
  // Raffinate tank TK-206 (spent saponification liquor joins it); transfer through the coalescer to TK-402.
  const tk206 = x.tank('TK-206', {
    inflows: { raffinate: x.take('raffinate'), sapAqueous: x.take('sapAq') },
    outflows: { 'P-401': x.f('P-401') },
    reaction: neutralise,
  });
  b.reaction += tk206.report.water.reaction;
  const toZld = tk206.report.outflows['P-401'] ?? { water: 0, solutes: {} };
  const oilIn = toZld.solutes['oil'] ?? 0;
  s.organic.volL += ((oilIn * COALESCER_EFF) / ORGANIC_DENSITY) * H;
  const coalesced: Stream = {
    water: toZld.water,
    solutes: { ...toZld.solutes, oil: oilIn * (1 - COALESCER_EFF) },
  };
  x.put('P-401', coalesced);
  x.set('LT-206', x.lvl('TK-206'))
    .set('FT-401', streamLh(coalesced))
    .set('LT-207', (100 * s.organic.volL) / 1000 / ORGANIC_TANK.areaM2 / ORGANIC_TANK.heightM);

  // Strip-liquor pot: the bank's St1 outlet, pumped to precipitation by P-301; it overflows into the SX bund.
  const pot = x.tank('strip-pot', {
    inflows: { stripLiquor: x.take('stripLiquor') },
    outflows: { 'P-301': x.f('P-301') },
  });
  const liquor = pot.report.outflows['P-301'] ?? { water: 0, solutes: {} };
  x.put('P-301', liquor);
  x.set('FIC-301', streamLh(liquor));
}
