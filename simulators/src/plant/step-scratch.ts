// The working context of one process substep: pumps and valves already stepped, pipes in and out, the books.
import type { Plant } from '@zld/plant';
import type { WaterTerms } from '../models/ledger.js';
import type { Parcel, Stream } from '../models/liquid.js';
import type { PumpParams } from '../models/pump.js';
import type { TankInputs, TankParams, TankResult } from '../models/tank.js';
import { addSolutes, scaleSolutes, volumeL } from '../models/liquid.js';
import { pumpStep } from '../models/pump.js';
import { tankLevelPct, tankStep } from '../models/tank.js';
import { onOffStep, valveStep } from '../models/valve.js';
import { CRYSTALLIZER, EVAPORATOR } from './design.js';
import {
  COMPRESSOR_MIN_PCT,
  CONTROL_VALVES,
  ON_OFF_VALVES,
  PUMPS,
  ratedSystemK,
  SUCTION,
} from './equipment.js';
import type { BoundaryTerms } from './plant-ledger.js';
import { emptyBoundary } from './plant-ledger.js';
import type { ProcessState, TankId } from './process-state.js';
import { tankParams } from './process-state.js';

/** What the PLC asks of the equipment this substep. */
export interface Actuation {
  run: Record<string, boolean>;
  /** Pump and drive speed, %. */
  speed: Record<string, number>;
  /** Control valve command, %. */
  valve: Record<string, number>;
  /** On/off valve command (true = open; XV-510 true = divert to TK-402). */
  open: Record<string, boolean>;
  /** Heater output, %. */
  heat: Record<string, number>;
  /** Condensate to the leach, L/h (internal ratio and TK-105 level trim). */
  leachWaterLh: number;
}

/** Process faults in force (sensor faults live with the instruments). */
export interface ProcessFaults {
  /** Unmetered loss, L/h, by tank or vessel id. */
  leakLh: Record<string, number>;
  /** Extra fraction of the vapour lost, by EV-500 / CR-600. */
  ventLoss: Record<string, number>;
  pumpTrip: ReadonlySet<string>;
  /** Outfall forced open; `drainLh` of process liquid from `from` runs to it. */
  outfall: { open: boolean; drainLh: number; from: TankId };
  /** The MVR evaporator's faults: carry-over multiplier, heater U·A multiplier (fouling), foaming 0-1. */
  evaporator: { carryOverFactor: number; uaFactor: number; foaming: number };
  /** Centrifuge imbalance factor by id (1 = balanced). */
  imbalance: Record<string, number>;
}

export const NO_FAULTS: ProcessFaults = {
  leakLh: {},
  ventLoss: {},
  pumpTrip: new Set(),
  outfall: { open: false, drainLh: 0, from: 'TK-402' },
  evaporator: { carryOverFactor: 1, uaFactor: 1, foaming: 0 },
  imbalance: {},
};

/** Fixed context of a plant: tank and unit parameters with the plant file's geometry. */
export interface ProcessContext {
  tanks: Record<TankId, TankParams>;
  evaporator: typeof EVAPORATOR;
  crystallizer: typeof CRYSTALLIZER;
}

export function processContext(plant: Plant): ProcessContext {
  const ev = plant.equipmentById.get('EV-500');
  const cr = plant.equipmentById.get('CR-600');
  return {
    tanks: tankParams(plant),
    evaporator: {
      ...EVAPORATOR,
      areaM2: ev?.areaM2 ?? EVAPORATOR.areaM2,
      heightM: ev?.heightM ?? EVAPORATOR.heightM,
    },
    crystallizer: {
      ...CRYSTALLIZER,
      areaM2: cr?.areaM2 ?? CRYSTALLIZER.areaM2,
      heightM: cr?.heightM ?? CRYSTALLIZER.heightM,
      impuritySolubility: { Na2C2O4: 2, other: 1, REE: 0.5 },
    },
  };
}

const rate = (p: Readonly<Parcel> | undefined, hH: number): Stream =>
  p ? { water: p.water / hH, solutes: scaleSolutes(p.solutes, 1 / hH) } : { water: 0, solutes: {} };

/** kg moved in `hH` hours by a stream of kg/h. */
export const amount = (st: Readonly<Stream>, hH: number): Parcel => ({
  water: st.water * hH,
  solutes: scaleSolutes(st.solutes, hH),
});

export class StepScratch {
  readonly s: ProcessState;
  readonly H: number;
  readonly truth = new Map<string, number | boolean>();
  readonly units: Record<string, WaterTerms> = {};
  readonly b: BoundaryTerms = emptyBoundary();
  readonly pipes: Record<string, Parcel> = {};
  /** Liquid lost to leaks this substep, L. */
  leakL = 0;
  /** Process liquid drained to the outfall line by an outfall-open fault, L/h. */
  outfallDrainLh = 0;
  private readonly flow: Record<string, number> = {};

  constructor(
    readonly ctx: Readonly<ProcessContext>,
    readonly s0: Readonly<ProcessState>,
    readonly act: Readonly<Actuation>,
    readonly faults: Readonly<ProcessFaults>,
    readonly h: number,
  ) {
    this.H = h / 3600;
    this.s = {
      ...s0,
      tanks: { ...s0.tanks },
      pumps: { ...s0.pumps },
      valves: { ...s0.valves },
      temps: { ...s0.temps },
    };
    this.stepEquipment();
  }

  /** Pumps, drives (suction, trips, compressor surge protection) and valves. */
  private stepEquipment(): void {
    const { s, s0, act, faults, h, ctx } = this;
    for (const [id, p] of Object.entries(PUMPS) as [string, PumpParams][]) {
      const ps = s0.pumps[id];
      if (!ps) continue;
      const src = SUCTION[id] as TankId | undefined;
      const tp = src ? ctx.tanks[src] : undefined;
      const suction =
        src && tp ? s0.tanks[src].water > 0.002 * tp.areaM2 * tp.heightM * 1000 : true;
      const surge =
        id === 'K-504' &&
        ps.status === 'running' &&
        ps.runS > 60 &&
        ps.speedPct < COMPRESSOR_MIN_PCT;
      const r = pumpStep(
        p,
        ps,
        {
          run: act.run[id] ?? false,
          speedPct: act.speed[id] ?? 0,
          systemK: p.kind === 'centrifugal' ? ratedSystemK(p) : 0,
          suction,
          trip: faults.pumpTrip.has(id) || surge,
        },
        h,
      );
      s.pumps[id] = r.state;
      this.flow[id] = r.state.flowLh;
      this.truth.set(`${id}.RUN`, r.state.status === 'running');
      this.truth.set(`${id}.FLT`, r.state.status === 'tripped');
    }
    for (const [id, vp] of Object.entries(CONTROL_VALVES)) {
      const v = s0.valves[id];
      if (v) s.valves[id] = valveStep(vp, v, act.valve[id] ?? 0, h);
    }
    for (const [id, vp] of Object.entries(ON_OFF_VALVES)) {
      const v = s0.valves[id];
      const open = (act.open[id] ?? false) || (id === 'XV-901' && faults.outfall.open);
      if (v) s.valves[id] = onOffStep(vp, v, open, h);
    }
  }

  /** Actual flow of a pump or drive (L/h; drives rpm; the compressor %). */
  f(id: string): number {
    return this.flow[id] ?? 0;
  }

  /** Valve travel, %. */
  pos(id: string): number {
    return this.s.valves[id]?.positionPct ?? 0;
  }

  lvl(id: TankId): number {
    return tankLevelPct(this.ctx.tanks[id], this.s.tanks[id]);
  }

  /** What a pipe delivered from the previous substep, as a stream over this one. */
  take(name: string): Stream {
    return rate(this.s0.pipes[name], this.H);
  }

  /** Sends a stream into a pipe, delivered next substep. */
  put(name: string, st: Readonly<Stream>): void {
    const p = amount(st, this.H);
    const cur = this.pipes[name];
    this.pipes[name] = cur
      ? { water: cur.water + p.water, solutes: addSolutes(cur.solutes, p.solutes) }
      : p;
  }

  /** Sends an amount (kg) into a pipe, delivered next substep. */
  putAmount(name: string, p: Readonly<Parcel>): void {
    const cur = this.pipes[name];
    this.pipes[name] = cur
      ? { water: cur.water + p.water, solutes: addSolutes(cur.solutes, p.solutes) }
      : { water: p.water, solutes: { ...p.solutes } };
  }

  /** Steps a tank (with any leak fault), books its ledger, routes its overflow. */
  tank(id: TankId, u: Readonly<TankInputs>): TankResult {
    const r = tankStep(
      this.ctx.tanks[id],
      this.s.tanks[id],
      { ...u, leakLh: (u.leakLh ?? 0) + (this.faults.leakLh[id] ?? 0) },
      this.h,
    );
    this.s.tanks[id] = r.state;
    this.units[id] = r.report.water;
    this.b.leaks += r.report.water.leak;
    this.leakL += volumeL(r.report.leak.water, r.report.leak.solutes) * this.H;
    if (r.report.water.overflow > 0) {
      const to = this.ctx.tanks[id].overflowTo;
      if (to === 'SU-902') this.put('toSump', r.report.overflow);
      else if (to === 'sx-bund') this.put('toSxBund', r.report.overflow);
      else if (to === 'ground') this.b.discharge += r.report.water.overflow;
    }
    return r;
  }

  set(tag: string, v: number | boolean): this {
    this.truth.set(tag, v);
    return this;
  }
}
