// The process state of the whole pilot (every holdup, pump and valve) and the documented start-up state.
import type { Plant } from '@zld/plant';
import type { CrystallizerState } from '../models/crystallizer.js';
import type { CstrState } from '../models/cstr.js';
import type { EvaporatorState } from '../models/evaporator.js';
import type { Parcel, Solutes } from '../models/liquid.js';
import type { MixerSettlerState } from '../models/mixer-settler.js';
import type { PumpState } from '../models/pump.js';
import type { TankParams, TankState } from '../models/tank.js';
import type { ValveState } from '../models/valve.js';
import { crystallizerInitial } from '../models/crystallizer.js';
import { evaporatorInitial } from '../models/evaporator.js';
import { scaleSolutes } from '../models/liquid.js';
import { pumpInitial } from '../models/pump.js';
import { tankAtLevel } from '../models/tank.js';
import { valveInitial } from '../models/valve.js';
import {
  CRYSTALLIZER,
  EVAPORATOR,
  HOLDUP,
  NOMINAL,
  STARTUP_COMPOSITION,
  STARTUP_CRYSTALLIZER,
} from './design.js';
import { CONTROL_VALVES, ON_OFF_VALVES, PUMPS } from './equipment.js';
import { settledSx, sxReadingsOf, type SxReadings } from './sx-startup.js';

/** Tanks with a free surface and an exact ledger (plant-file tanks plus the internal pots and bunds). */
export const TANK_IDS = [
  'TK-002',
  'R-101',
  'TK-105',
  'TK-206',
  'TK-402',
  'TK-701',
  'SU-902',
  'strip-pot',
  'centrate-pot',
  'sx-bund',
] as const;
export type TankId = (typeof TANK_IDS)[number];

/** The organic inventory (TK-207): volume and what it carries. */
export interface OrganicInventory {
  volL: number;
  reeKg: number;
  naMol: number;
}

/** What the SX bank has received since its last step (it steps every few seconds), kg / L / mol. */
export interface SxInbox {
  elapsedS: number;
  feed: Parcel;
  scrub: Parcel;
  strip: Parcel;
  sap: Parcel;
  organicL: number;
  organicReeKg: number;
  organicNaMol: number;
  rpmS: number;
}

export const emptySxInbox = (): SxInbox => ({
  elapsedS: 0,
  feed: { water: 0, solutes: {} },
  scrub: { water: 0, solutes: {} },
  strip: { water: 0, solutes: {} },
  sap: { water: 0, solutes: {} },
  organicL: 0,
  organicReeKg: 0,
  organicNaMol: 0,
  rpmS: 0,
});

export interface ProcessState {
  timeS: number;
  sxInbox: SxInbox;
  sxReadings: SxReadings;
  tanks: Record<TankId, TankState>;
  polish: CstrState;
  precipitator: CstrState;
  sx: MixerSettlerState;
  organic: OrganicInventory;
  evaporator: EvaporatorState;
  crystallizer: CrystallizerState;
  temps: { 'R-101': number; 'R-303': number; 'CA-305': number; sx: number };
  pumps: Record<string, PumpState>;
  valves: Record<string, ValveState>;
  /** Water and solutes in transit between units (one substep's worth), kg. */
  pipes: Record<string, Parcel>;
}

/** Internal vessels with no geometry in the plant file. */
const INTERNAL_TANKS: Readonly<Record<string, Omit<TankParams, 'overflowTo'>>> = {
  'strip-pot': { areaM2: HOLDUP.stripPotL / 1000 / 0.5, heightM: 0.5 },
  'centrate-pot': {
    areaM2: HOLDUP.centratePotL / 1000 / 0.5,
    heightM: 0.5,
    overflowM: 0.4,
    weirWidthM: 0.01,
  },
  'sx-bund': { areaM2: 2, heightM: 0.1 },
};

/** Tank parameters: geometry from the plant file; overflows go to the bunds (the strip pot to the SX bund). */
export function tankParams(plant: Plant): Record<TankId, TankParams> {
  const out = {} as Record<TankId, TankParams>;
  for (const id of TANK_IDS) {
    const internal = INTERNAL_TANKS[id];
    if (internal) {
      out[id] = {
        ...internal,
        overflowTo: id === 'centrate-pot' ? 'purge' : id === 'strip-pot' ? 'sx-bund' : 'SU-902',
      };
      continue;
    }
    const e = plant.equipmentById.get(id);
    if (!e?.areaM2 || !e.heightM)
      throw new Error(`the plant file gives no areaM2/heightM for ${id}`);
    // Tanks overflow into the plant bund (sump SU-902); the sump itself spills to ground (a discharge).
    out[id] = {
      areaM2: e.areaM2,
      heightM: e.heightM,
      overflowTo: id === 'SU-902' ? 'ground' : 'SU-902',
    };
  }
  return out;
}

/** Start-up levels, % (the loops' setpoints where there is a loop). */
export const STARTUP_LEVEL: Readonly<Record<TankId, number>> = {
  'TK-002': 61.5,
  'R-101': 62.5,
  'TK-105': 50,
  'TK-206': 50,
  'TK-402': 50,
  'TK-701': 50,
  'SU-902': 0,
  'strip-pot': 50,
  'centrate-pot': 80.07,
  'sx-bund': 0,
};

const cstrAt = (waterKg: number, perKg: Readonly<Solutes>): CstrState => ({
  water: waterKg,
  solutes: scaleSolutes(perKg, waterKg),
});

/**
 * The documented start-up state: every vessel at its setpoint level with its design composition, the SX bank
 * at its settled profile, the evaporator and crystallizer hot at their pressures, every pump running at its
 * design speed. From here the plant settles within its normal ranges.
 */
export function startupState(
  plant: Plant,
  pumpSpeeds: Readonly<Record<string, number>>,
): ProcessState {
  const tp = tankParams(plant);
  const comp: Record<TankId, Solutes> = {
    'TK-002': {},
    'R-101': STARTUP_COMPOSITION['leach'] ?? {},
    'TK-105': STARTUP_COMPOSITION['pls'] ?? {},
    'TK-206': STARTUP_COMPOSITION['raffinate'] ?? {},
    'TK-402': STARTUP_COMPOSITION['zldFeed'] ?? {},
    'TK-701': STARTUP_COMPOSITION['condensate'] ?? {},
    'SU-902': {},
    'strip-pot': STARTUP_COMPOSITION['stripLiquor'] ?? {},
    'centrate-pot': STARTUP_COMPOSITION['centrate'] ?? {},
    'sx-bund': {},
  };
  const tanks = {} as Record<TankId, TankState>;
  for (const id of TANK_IDS) tanks[id] = tankAtLevel(tp[id], STARTUP_LEVEL[id], comp[id]);
  const ev = plant.equipmentById.get('EV-500');
  const cr = plant.equipmentById.get('CR-600');
  const evp = {
    ...EVAPORATOR,
    areaM2: ev?.areaM2 ?? EVAPORATOR.areaM2,
    heightM: ev?.heightM ?? EVAPORATOR.heightM,
  };
  const crp = {
    ...CRYSTALLIZER,
    areaM2: cr?.areaM2 ?? CRYSTALLIZER.areaM2,
    heightM: cr?.heightM ?? CRYSTALLIZER.heightM,
  };
  const pumps: Record<string, PumpState> = {};
  for (const [id, p] of Object.entries(PUMPS)) {
    const pct = pumpSpeeds[id] ?? 0;
    pumps[id] = pumpInitial(pct > 0, pct, (p.bepLh * pct) / 100);
  }
  const valves: Record<string, ValveState> = {};
  for (const id of Object.keys(CONTROL_VALVES)) valves[id] = valveInitial(pumpSpeeds[id] ?? 0);
  for (const id of Object.keys(ON_OFF_VALVES)) valves[id] = valveInitial(pumpSpeeds[id] ?? 0);
  const sx = settledSx();
  const organicL = 0.55 * 0.2 * 1000;
  return {
    timeS: 0,
    sxInbox: emptySxInbox(),
    sxReadings: sxReadingsOf(sx),
    tanks,
    polish: cstrAt(HOLDUP.polishKg, STARTUP_COMPOSITION['polish'] ?? {}),
    precipitator: cstrAt(HOLDUP.precipitatorKg, STARTUP_COMPOSITION['precipitator'] ?? {}),
    sx,
    organic: { volL: organicL, reeKg: 0, naMol: 0 },
    evaporator: evaporatorInitial(evp, 50, STARTUP_COMPOSITION['concentrate'] ?? {}, NOMINAL.p1Kpa),
    crystallizer: crystallizerInitial(
      crp,
      STARTUP_CRYSTALLIZER.levelPct,
      STARTUP_CRYSTALLIZER.solidsPct,
      NOMINAL.crystallizerPKpa,
      STARTUP_COMPOSITION['crystallizerImpurities'],
    ),
    temps: {
      'R-101': NOMINAL.leachTempC,
      'R-303': NOMINAL.precipitatorTempC,
      'CA-305': NOMINAL.calcinerTempC,
      sx: 30,
    },
    pumps,
    valves,
    pipes: {},
  };
}
