// Counter-current SX bank (extraction, scrub, strip): parameters, state, start-up state and settler hydraulics.
// The step is in mixer-settler-step.ts.
import type { WaterTerms } from './ledger.js';
import type { Solutes, Stream } from './liquid.js';
import { scaleSolutes, volumeL } from './liquid.js';
import type { SxChemistry } from './sx-chemistry.js';

export interface SectionParams {
  stages: number;
  /** Mixer volume (both phases), L. */
  mixerL: number;
  settlerAreaM2: number;
  /** Settler liquid depth, m. */
  settlerDepthM: number;
  /** Flows the section is designed for, L/h (phase split in the mixer, interface reference). */
  nominalAqLh: number;
  nominalOrgLh: number;
}

export interface MixerSettlerParams {
  extraction: SectionParams;
  scrub: SectionParams;
  strip: SectionParams;
  /** CSTRs in series per phase in each settler (2-4). */
  settlerCstrs: number;
  /** Murphree efficiency at nominal mixer speed (≈0.95). */
  murphree: number;
  nominalRpm: number;
  chemistry: SxChemistry;
  /** Dispersion band ΔH = band0·(q/q0)^n·(rpm/rpm0), mm; it floods the settler above `bandLimitMm`. */
  bandMmAtNominal: number;
  bandExponent: number;
  bandLimitMm: number;
  /** Entrainment (volume fraction of the other phase): base, rise per unit of band excess, cap. */
  entrainBase: number;
  entrainSlope: number;
  entrainMax: number;
  /** Interface height at design flows, mm, and its lag, s. */
  interfaceMm: number;
  interfaceTauS: number;
}

export interface AqCell {
  water: number;
  solutes: Solutes;
}
export interface OrgCell {
  volL: number;
  reeKg: number;
  naMol: number;
}
export interface SxStage {
  mixAq: AqCell;
  mixOrg: OrgCell;
  setAq: AqCell[];
  setOrg: OrgCell[];
  interfaceMm: number;
}
export interface MixerSettlerState {
  stages: SxStage[];
}

export interface OrganicFeed {
  lh: number;
  /** REE on the organic, kg/L, and Na-form, mol/L (before saponification). */
  reeKgL: number;
  naMolL: number;
}

export interface MixerSettlerInputs {
  /** Aqueous feed to the last extraction stage (PLS), scrub acid to the last scrub stage, strip acid to the last strip stage; kg/h. */
  feed: Stream;
  scrub: Stream;
  strip: Stream;
  organic: OrganicFeed;
  /** NaOH solution to saponification (kg/h of water and NaOH). */
  saponification: Stream;
  mixerRpm: number;
}

export interface MixerSettlerOutputs {
  raffinate: Stream;
  stripLiquor: Stream;
  /** Spent saponification aqueous (NaOH water + reaction water), kg/h. */
  sapAqueous: Stream;
  organicOut: OrganicFeed;
  /** Organic entrained out with the raffinate and the strip liquor, L/h. */
  organicLossLh: number;
  phByStage: number[];
  interfaceMmByStage: number[];
  bandMm: { extraction: number; scrub: number; strip: number };
  entrainment: { extraction: number; scrub: number; strip: number };
  raffinatePh: number;
  raffinateReeGL: number;
  stripLiquorReeGL: number;
  loadedOrganicGL: number;
  /** Water made by saponification and by free NaOH neutralised in the mixers, kg/h. */
  reactionWaterKgH: number;
  water: WaterTerms;
}

export type SectionName = 'extraction' | 'scrub' | 'strip';
export const SECTIONS: readonly SectionName[] = ['extraction', 'scrub', 'strip'];

/** First stage index and stage count of each section (organic order E1..En, S1..Sm, St1..Sk). */
export function sectionRange(
  p: Readonly<MixerSettlerParams>,
  s: SectionName,
): { first: number; n: number } {
  const nE = p.extraction.stages;
  const nS = p.scrub.stages;
  if (s === 'extraction') return { first: 0, n: nE };
  if (s === 'scrub') return { first: nE, n: nS };
  return { first: nE + nS, n: p.strip.stages };
}

export function sectionOf(p: Readonly<MixerSettlerParams>, i: number): SectionParams {
  if (i < p.extraction.stages) return p.extraction;
  if (i < p.extraction.stages + p.scrub.stages) return p.scrub;
  return p.strip;
}

export const cellVolumeL = (c: Readonly<AqCell>): number => volumeL(c.water, c.solutes);

/** Murphree efficiency at a mixer speed (0 when the mixers stop). */
export function murphreeAt(p: Readonly<MixerSettlerParams>, rpm: number): number {
  if (!(rpm > 0)) return 0;
  const k = (1 - Math.exp((-3 * rpm) / p.nominalRpm)) / (1 - Math.exp(-3));
  return Math.min(0.995, p.murphree * k);
}

/** Dispersion band, mm, and the entrainment it causes. */
export function bandAndEntrainment(
  p: Readonly<MixerSettlerParams>,
  sec: Readonly<SectionParams>,
  aqLh: number,
  orgLh: number,
  rpm: number,
): { bandMm: number; entrainment: number } {
  const q = (aqLh + orgLh) / 1000 / sec.settlerAreaM2;
  const q0 = (sec.nominalAqLh + sec.nominalOrgLh) / 1000 / sec.settlerAreaM2;
  const band =
    p.bandMmAtNominal *
    Math.pow(Math.max(0, q / q0), p.bandExponent) *
    Math.max(0.2, rpm / p.nominalRpm);
  const over = band / p.bandLimitMm - 1;
  const e =
    over > 0 ? Math.min(p.entrainMax, p.entrainBase + p.entrainSlope * over) : p.entrainBase;
  return { bandMm: band, entrainment: e };
}

/** Empty-of-REE bank with aqueous of the given composition (kg solute per kg water) in each section. */
export function mixerSettlerInitial(
  p: Readonly<MixerSettlerParams>,
  aqPerKgWater: Readonly<Record<SectionName, Solutes>>,
  organic: { reeKgL: number; naMolL: number },
): MixerSettlerState {
  const stages: SxStage[] = [];
  for (const name of SECTIONS) {
    const sec = p[name];
    const fa = sec.nominalAqLh / (sec.nominalAqLh + sec.nominalOrgLh);
    const perKg = aqPerKgWater[name];
    const litresPerKgWater = volumeL(1, perKg);
    const aqCell = (litres: number): AqCell => {
      const w = litres / litresPerKgWater;
      return { water: w, solutes: scaleSolutes(perKg, w) };
    };
    const orgCell = (litres: number): OrgCell => ({
      volL: litres,
      reeKg: organic.reeKgL * litres,
      naMol: organic.naMolL * litres,
    });
    const aqSettlerL = (sec.settlerAreaM2 * p.interfaceMm) / p.settlerCstrs;
    const orgSettlerL =
      (sec.settlerAreaM2 * (sec.settlerDepthM * 1000 - p.interfaceMm)) / p.settlerCstrs;
    for (let i = 0; i < sec.stages; i++) {
      stages.push({
        mixAq: aqCell(sec.mixerL * fa),
        mixOrg: orgCell(sec.mixerL * (1 - fa)),
        setAq: Array.from({ length: p.settlerCstrs }, () => aqCell(aqSettlerL)),
        setOrg: Array.from({ length: p.settlerCstrs }, () => orgCell(orgSettlerL)),
        interfaceMm: p.interfaceMm,
      });
    }
  }
  return { stages };
}

export function cloneStage(s: Readonly<SxStage>): SxStage {
  return {
    mixAq: { water: s.mixAq.water, solutes: { ...s.mixAq.solutes } },
    mixOrg: { ...s.mixOrg },
    setAq: s.setAq.map((c) => ({ water: c.water, solutes: { ...c.solutes } })),
    setOrg: s.setOrg.map((c) => ({ ...c })),
    interfaceMm: s.interfaceMm,
  };
}

/** Aqueous parcel of `waterKg` water drawn at the composition of `src`. */
export function aqShare(src: Readonly<AqCell>, waterKg: number): AqCell {
  const f = src.water > 0 ? Math.min(1, waterKg / src.water) : 0;
  return { water: waterKg, solutes: scaleSolutes(src.solutes, f) };
}
export function orgShare(src: Readonly<OrgCell>, litres: number): OrgCell {
  const f = src.volL > 0 ? Math.min(1, litres / src.volL) : 0;
  return { volL: litres, reeKg: src.reeKg * f, naMol: src.naMol * f };
}
