// The settled SX profile of the start-up state: the bank run alone at its design streams until steady (cached).
import type { Stream } from '../models/liquid.js';
import type { MixerSettlerState } from '../models/mixer-settler.js';
import { concentrationGL, streamOf, volumeL } from '../models/liquid.js';
import { mixerSettlerInitial } from '../models/mixer-settler.js';
import { mixerSettlerStep } from '../models/mixer-settler-step.js';
import { MOLAR_MASS, REAGENTS, netAcidMolL, reagentStream } from '../models/reactions.js';
import { strongAcidPh } from '../models/sx-chemistry.js';
import { NOMINAL, REAGENT, STARTUP_COMPOSITION, SX } from './design.js';

/** Diluted acid of `molar` mol/L made from 32 % HCl and condensate, `lh` L/h. */
export function dilutedAcid(
  lh: number,
  molar: number,
): { acid: Stream; hcl32Lh: number; condensateLh: number } {
  const hcl32Lh = (lh * molar) / REAGENT.hcl32Molar;
  const hcl = reagentStream(REAGENTS.hcl32, hcl32Lh);
  const condensateLh = lh - hcl32Lh;
  return {
    acid: { water: hcl.water + condensateLh, solutes: hcl.solutes },
    hcl32Lh,
    condensateLh,
  };
}

let cache: MixerSettlerState | null = null;

/** Runs the bank for 16 h at the design streams (organic recycled) and keeps the result. */
export function settledSx(): MixerSettlerState {
  if (cache) return cache;
  const pls = streamOf(NOMINAL.plsLh, STARTUP_COMPOSITION['pls'] ?? {});
  const scrub = dilutedAcid(NOMINAL.scrubLh, NOMINAL.scrubMolar).acid;
  const strip = dilutedAcid(NOMINAL.stripLh, NOMINAL.stripMolar).acid;
  const sap = reagentStream(REAGENTS.naoh50, NOMINAL.sapLh);
  let s = mixerSettlerInitial(
    SX,
    { extraction: { NaCl: 0.04 }, scrub: { NaCl: 0.02 }, strip: { HCl: 2 * MOLAR_MASS.HCl } },
    { reeKgL: 0, naMolL: 0 },
  );
  let org = { lh: NOMINAL.organicLh, reeKgL: 0, naMolL: 0 };
  // 20 s steps: the bank's smallest cell turns over in minutes, and the result is only a start-up profile.
  const dt = 20;
  for (let t = 0; t < 16 * 3600; t += dt) {
    const r = mixerSettlerStep(
      SX,
      s,
      { feed: pls, scrub, strip, organic: org, saponification: sap, mixerRpm: NOMINAL.mixerRpm },
      dt,
    );
    s = r.state;
    org = {
      lh: NOMINAL.organicLh,
      reeKgL: r.out.organicOut.reeKgL,
      naMolL: r.out.organicOut.naMolL,
    };
  }
  cache = s;
  return s;
}

/** The bank's last results that tags follow between its steps. */
export interface SxReadings {
  raffinatePh: number;
  interfaces: number[];
  raffinateReeGL: number;
  stripLiquorReeGL: number;
}

/** What the bank's analysers and interface probes read in a given state (its E1 and St1 settler outlets). */
export function sxReadingsOf(s: Readonly<MixerSettlerState>): SxReadings {
  const nE = SX.extraction.stages;
  const nS = SX.scrub.stages;
  const lastAq = (i: number) => {
    const cells = s.stages[i]?.setAq ?? [];
    return cells[cells.length - 1] ?? { water: 0, solutes: {} };
  };
  const e1 = lastAq(0);
  const st1 = lastAq(nE + nS);
  const v = volumeL(e1.water, e1.solutes);
  return {
    raffinatePh: strongAcidPh(v > 0 ? netAcidMolL(e1.water, e1.solutes) : 0),
    interfaces: s.stages.map((x) => x.interfaceMm),
    raffinateReeGL: concentrationGL(e1, 'REE'),
    stripLiquorReeGL: concentrationGL(st1, 'REE'),
  };
}
