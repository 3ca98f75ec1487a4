// One step of the SX bank: saponification, counter-current transport with entrainment, mixer equilibria.
// Every aqueous transfer is one number taken from one cell and given to another, so water closes exactly.
import type { WaterTerms } from './ledger.js';
import type { Parcel, Stream } from './liquid.js';
import { addSolutes, concentrationGL, scaleSolutes } from './liquid.js';
import type {
  AqCell,
  MixerSettlerInputs,
  MixerSettlerOutputs,
  MixerSettlerParams,
  MixerSettlerState,
  OrgCell,
  SxStage,
} from './mixer-settler.js';
import {
  bandAndEntrainment,
  cellVolumeL,
  cloneStage,
  murphreeAt,
  orgShare,
  sectionOf,
  sectionRange,
} from './mixer-settler.js';
import { MOLAR_MASS, neutralise, REACTION_WATER_KG_PER_MOL } from './reactions.js';
import { distribution, equilibriumSplit, naExchange, strongAcidPh } from './sx-chemistry.js';

function moveAq(src: Readonly<AqCell>, from: AqCell, to: AqCell, waterKg: number): void {
  if (!(waterKg > 0)) return;
  const f = src.water > 0 ? Math.min(1, waterKg / src.water) : 0;
  from.water -= waterKg;
  to.water += waterKg;
  const fs = from.solutes;
  const ts = to.solutes;
  const ss = src.solutes;
  for (const k in ss) {
    const m = (ss[k] ?? 0) * f;
    fs[k] = (fs[k] ?? 0) - m;
    ts[k] = (ts[k] ?? 0) + m;
  }
}

function moveOrg(
  src: Readonly<OrgCell>,
  from: OrgCell,
  to: OrgCell | null,
  litres: number,
): OrgCell {
  const share = orgShare(src, litres);
  from.volL -= share.volL;
  from.reeKg -= share.reeKg;
  from.naMol -= share.naMol;
  if (to) {
    to.volL += share.volL;
    to.reeKg += share.reeKg;
    to.naMol += share.naMol;
  }
  return share;
}

const last = <T>(a: readonly T[]): T => a[a.length - 1] as T;

function phOfCell(c: Readonly<AqCell>): number {
  const v = cellVolumeL(c);
  const acid =
    (c.solutes['HCl'] ?? 0) / MOLAR_MASS.HCl - (c.solutes['NaOH'] ?? 0) / MOLAR_MASS.NaOH;
  return strongAcidPh(v > 0 ? acid / v : 0);
}

/** Fast Na/H exchange in one mixer. */
function exchange(p: Readonly<MixerSettlerParams>, aq: AqCell, org: OrgCell): void {
  const c = p.chemistry;
  const va = cellVolumeL(aq);
  const free = c.extractantM * org.volL - (3 * org.reeKg) / MOLAR_MASS.REE;
  const s = naExchange(
    c,
    (aq.solutes['HCl'] ?? 0) / MOLAR_MASS.HCl,
    (aq.solutes['NaCl'] ?? 0) / MOLAR_MASS.NaCl,
    org.naMol,
    free,
    va,
  );
  if (s === 0) return;
  aq.solutes['HCl'] = Math.max(0, (aq.solutes['HCl'] ?? 0) - s * MOLAR_MASS.HCl);
  aq.solutes['NaCl'] = Math.max(0, (aq.solutes['NaCl'] ?? 0) + s * MOLAR_MASS.NaCl);
  org.naMol -= s;
}

/** REE transfer toward the capped equilibrium at Murphree efficiency; 3 H⁺ per REE exchanged. */
function transfer(
  p: Readonly<MixerSettlerParams>,
  aq: AqCell,
  org: OrgCell,
  eff: number,
  tauS: number,
  dtS: number,
): void {
  if (!(eff > 0) || !(tauS > 0)) return;
  const va = cellVolumeL(aq);
  const d = distribution(p.chemistry, phOfCell(aq));
  const xAq = aq.solutes['REE'] ?? 0;
  const total = xAq + org.reeKg;
  const xe = equilibriumSplit(p.chemistry, d, total, va, org.volL);
  const ye = total - xe * va;
  const k = eff / ((1 - eff) * tauS);
  let delta = (ye - org.reeKg) * (1 - Math.exp(-k * dtS));
  const acid = aq.solutes['HCl'] ?? 0;
  if (delta < 0) delta = Math.max(delta, -((acid / MOLAR_MASS.HCl / 3) * MOLAR_MASS.REE));
  delta = Math.min(delta, xAq);
  if (delta === 0) return;
  aq.solutes['REE'] = xAq - delta;
  org.reeKg += delta;
  aq.solutes['HCl'] = Math.max(0, acid + ((3 * delta) / MOLAR_MASS.REE) * MOLAR_MASS.HCl);
}

/** One step of `dtS` seconds. Pure. */
export function mixerSettlerStep(
  p: Readonly<MixerSettlerParams>,
  s0: Readonly<MixerSettlerState>,
  u: Readonly<MixerSettlerInputs>,
  dtS: number,
): { state: MixerSettlerState; out: MixerSettlerOutputs } {
  const h = dtS / 3600;
  const src = s0.stages;
  const st: SxStage[] = src.map(cloneStage);
  const nTot = src.length;
  const chem = p.chemistry;
  const E = sectionRange(p, 'extraction');
  const S = sectionRange(p, 'scrub');
  const T = sectionRange(p, 'strip');

  // Saponification of the incoming organic: NaOH + HA → NaA + H2O.
  const qo = Math.max(0, u.organic.lh);
  const reeMolIn = (u.organic.reeKgL * qo) / MOLAR_MASS.REE;
  const naIn = u.organic.naMolL * qo;
  const freeIn = Math.max(0, chem.extractantM * qo - 3 * reeMolIn - naIn);
  const naohMol = (u.saponification.solutes['NaOH'] ?? 0) / MOLAR_MASS.NaOH;
  const reacted = Math.min(naohMol, freeIn);
  const rxWater = reacted * REACTION_WATER_KG_PER_MOL;
  const sapAqueous: Stream = {
    water: u.saponification.water + rxWater,
    solutes: { ...u.saponification.solutes, NaOH: (naohMol - reacted) * MOLAR_MASS.NaOH },
  };

  // Hydraulics: entrainment per section, organic flow per stage, aqueous water flows.
  const feedLh = (s: Readonly<Stream>): number => s.water;
  const secFlows = {
    extraction: bandAndEntrainment(
      p,
      p.extraction,
      feedLh(u.feed) + feedLh(u.scrub),
      qo,
      u.mixerRpm,
    ),
    scrub: bandAndEntrainment(p, p.scrub, feedLh(u.scrub), qo, u.mixerRpm),
    strip: bandAndEntrainment(p, p.strip, feedLh(u.strip), qo, u.mixerRpm),
  };
  const eOf = (i: number): number =>
    i < S.first
      ? secFlows.extraction.entrainment
      : i < T.first
        ? secFlows.scrub.entrainment
        : secFlows.strip.entrainment;
  const lossE = Math.min(qo, secFlows.extraction.entrainment * (feedLh(u.feed) + feedLh(u.scrub)));
  const lossT = Math.min(qo - lossE, secFlows.strip.entrainment * feedLh(u.strip));
  const qoIn: number[] = [];
  const qoOut: number[] = [];
  for (let i = 0; i < nTot; i++) {
    qoIn.push(i === 0 ? qo : (qoOut[i - 1] ?? 0));
    qoOut.push((qoIn[i] ?? 0) - (i === E.first ? lossE : 0) - (i === T.first ? lossT : 0));
  }
  const entW: number[] = src.map((stg, i) => {
    const c = last(stg.setAq);
    const v = cellVolumeL(c);
    return v > 0 ? (eOf(i) * (qoOut[i] ?? 0) * c.water) / v : 0;
  });
  const prevOrg = (i: number): number => (i === 0 ? nTot - 1 : i - 1);
  const wIn = new Array<number>(nTot).fill(0);
  const wOut = new Array<number>(nTot).fill(0);
  const sectionFlow = (first: number, n: number, feedW: () => number): void => {
    for (let i = first + n - 1; i >= first; i--) {
      wIn[i] = (i === first + n - 1 ? feedW() : (wOut[i + 1] ?? 0)) + (entW[prevOrg(i)] ?? 0);
      entW[i] = Math.min(entW[i] ?? 0, wIn[i] ?? 0);
      wOut[i] = (wIn[i] ?? 0) - (entW[i] ?? 0);
    }
  };
  sectionFlow(S.first, S.n, () => u.scrub.water);
  sectionFlow(E.first, E.n, () => u.feed.water + (wOut[S.first] ?? 0));
  sectionFlow(T.first, T.n, () => u.strip.water);

  // External aqueous feeds.
  const addFeed = (cell: AqCell, f: Readonly<Stream>): void => {
    cell.water += f.water * h;
    cell.solutes = addSolutes(cell.solutes, f.solutes, h);
  };
  addFeed((st[E.first + E.n - 1] as SxStage).mixAq, u.feed);
  addFeed((st[S.first + S.n - 1] as SxStage).mixAq, u.scrub);
  addFeed((st[T.first + T.n - 1] as SxStage).mixAq, u.strip);
  const orgFeedCell = (st[0] as SxStage).mixOrg;
  orgFeedCell.volL += qo * h;
  orgFeedCell.reeKg += u.organic.reeKgL * qo * h;
  orgFeedCell.naMol += (naIn + reacted) * h;

  // Transport (Jacobi: compositions from the start of the step).
  let raffinate: Parcel = { water: 0, solutes: {} };
  let stripLiquor: Parcel = { water: 0, solutes: {} };
  let organicLost = 0;
  for (let i = 0; i < nTot; i++) {
    const a = src[i] as SxStage;
    const b = st[i] as SxStage;
    const w = (wIn[i] ?? 0) * h;
    // Aqueous: mixer → settler cells → next aqueous stage (or outlet); entrainment → next organic stage.
    moveAq(a.mixAq, b.mixAq, b.setAq[0] as AqCell, w);
    for (let k = 0; k + 1 < a.setAq.length; k++)
      moveAq(a.setAq[k] as AqCell, b.setAq[k] as AqCell, b.setAq[k + 1] as AqCell, w);
    const lastSrc = last(a.setAq);
    const lastDst = last(b.setAq);
    const nextOrg = (st[i === nTot - 1 ? 0 : i + 1] as SxStage).mixAq;
    moveAq(lastSrc, lastDst, nextOrg, (entW[i] ?? 0) * h);
    const wo = (wOut[i] ?? 0) * h;
    if (i === E.first || i === T.first) {
      const sink: AqCell = { water: 0, solutes: {} };
      moveAq(lastSrc, lastDst, sink, wo);
      if (i === E.first) raffinate = sink;
      else stripLiquor = sink;
    } else {
      const dest = i === S.first ? E.first + E.n - 1 : i - 1;
      moveAq(lastSrc, lastDst, (st[dest] as SxStage).mixAq, wo);
    }
    // Organic: mixer → settler cells → next stage (losses leave with the aqueous at E1 and St1).
    const qi = (qoIn[i] ?? 0) * h;
    moveOrg(a.mixOrg, b.mixOrg, b.setOrg[0] as OrgCell, qi);
    for (let k = 0; k + 1 < a.setOrg.length; k++)
      moveOrg(a.setOrg[k] as OrgCell, b.setOrg[k] as OrgCell, b.setOrg[k + 1] as OrgCell, qi);
    const next = i + 1 < nTot ? (st[i + 1] as SxStage).mixOrg : null;
    const lostL = qi - (qoOut[i] ?? 0) * h;
    if (lostL > 0) organicLost += moveOrg(last(a.setOrg), last(b.setOrg), null, lostL).volL;
    if (next) moveOrg(last(a.setOrg), last(b.setOrg), next, (qoOut[i] ?? 0) * h);
  }
  const orgOutCell = last((st[nTot - 1] as SxStage).setOrg);
  const orgOutShare = orgShare(last((src[nTot - 1] as SxStage).setOrg), (qoOut[nTot - 1] ?? 0) * h);
  orgOutCell.volL -= orgOutShare.volL;
  orgOutCell.reeKg -= orgOutShare.reeKg;
  orgOutCell.naMol -= orgOutShare.naMol;

  // Mixers: any free NaOH meets the acid (water made), Na/H buffer, REE transfer, buffer again.
  const eff = murphreeAt(p, u.mixerRpm);
  const phByStage: number[] = [];
  let neutralWater = 0;
  for (let i = 0; i < nTot; i++) {
    const b = st[i] as SxStage;
    const sec = sectionOf(p, i);
    if ((b.mixAq.solutes['NaOH'] ?? 0) > 0) {
      const n = neutralise(b.mixAq.water, b.mixAq.solutes);
      neutralWater += n.water - b.mixAq.water;
      b.mixAq.water = n.water;
      b.mixAq.solutes = n.solutes;
    }
    exchange(p, b.mixAq, b.mixOrg);
    const tauS = (sec.mixerL / Math.max(1e-9, (wIn[i] ?? 0) + (qoIn[i] ?? 0))) * 3600;
    transfer(p, b.mixAq, b.mixOrg, eff, tauS, dtS);
    exchange(p, b.mixAq, b.mixOrg);
    phByStage.push(phOfCell(b.mixAq));
    const target =
      p.interfaceMm *
      Math.cbrt(Math.max(0, wIn[i] ?? 0) / sec.nominalAqLh) *
      Math.pow(Math.max(1e-6, qoIn[i] ?? 0) / sec.nominalOrgLh, -0.1);
    b.interfaceMm += (target - b.interfaceMm) * (1 - Math.exp(-dtS / p.interfaceTauS));
  }

  const waterBefore = src.reduce(
    (t, x) => t + x.mixAq.water + x.setAq.reduce((a, c) => a + c.water, 0),
    0,
  );
  const waterAfter = st.reduce(
    (t, x) => t + x.mixAq.water + x.setAq.reduce((a, c) => a + c.water, 0),
    0,
  );
  const water: WaterTerms = {
    in: {
      feed: u.feed.water * h,
      scrub: u.scrub.water * h,
      strip: u.strip.water * h,
      saponification: u.saponification.water * h,
    },
    out: {
      raffinate: raffinate.water,
      stripLiquor: stripLiquor.water,
      sapAqueous: sapAqueous.water * h,
    },
    reaction: rxWater * h + neutralWater,
    leak: 0,
    overflow: 0,
    vent: 0,
    accumulation: waterAfter - waterBefore,
  };
  const perH = (x: Parcel): Stream => ({
    water: x.water / h,
    solutes: scaleSolutes(x.solutes, 1 / h),
  });
  const loaded = last((st[E.first + E.n - 1] as SxStage).setOrg);
  const outLh = qoOut[nTot - 1] ?? 0;
  return {
    state: { stages: st },
    out: {
      raffinate: perH(raffinate),
      stripLiquor: perH(stripLiquor),
      sapAqueous,
      organicOut: {
        lh: outLh,
        reeKgL: orgOutShare.volL > 0 ? orgOutShare.reeKg / orgOutShare.volL : 0,
        naMolL: orgOutShare.volL > 0 ? orgOutShare.naMol / orgOutShare.volL : 0,
      },
      organicLossLh: organicLost / h,
      phByStage,
      interfaceMmByStage: st.map((x) => x.interfaceMm),
      bandMm: {
        extraction: secFlows.extraction.bandMm,
        scrub: secFlows.scrub.bandMm,
        strip: secFlows.strip.bandMm,
      },
      entrainment: {
        extraction: secFlows.extraction.entrainment,
        scrub: secFlows.scrub.entrainment,
        strip: secFlows.strip.entrainment,
      },
      raffinatePh: phOfCell(last((st[E.first] as SxStage).setAq)),
      raffinateReeGL: concentrationGL(raffinate, 'REE'),
      stripLiquorReeGL: concentrationGL(stripLiquor, 'REE'),
      loadedOrganicGL: loaded.volL > 0 ? (1000 * loaded.reeKg) / loaded.volL : 0,
      reactionWaterKgH: rxWater + neutralWater / h,
      water,
    },
  };
}
