// The whole-plant simulator behind the PLC servers: PLC scan, process substeps, transmitters, faults, ground truth.
import type { Plant } from '@zld/plant';
import { loadPlantFile } from '@zld/plant';
import type { Quality } from '@zld/tags';
import type { SensorParams, SensorState } from '../models/sensor.js';
import { volumeL } from '../models/liquid.js';
import { deriveSeed } from '../models/rng.js';
import { sensorInitial, sensorStep } from '../models/sensor.js';
import { substeps } from '../models/substep.js';
import { tankLevelPct } from '../models/tank.js';
import type { PlantPort, PlantTruth, ProcessFault, TagScalar } from '../core/plant-port.js';
import { isAnalogMeasurement, sensorParamsFor } from './instruments.js';
import { checkFault, processFaultsOf, sensorFaultsOf } from './plant-faults.js';
import type { BoundaryTerms } from './plant-ledger.js';
import { boundaryIn, boundaryOut, emptyBoundary, PlantLedger } from './plant-ledger.js';
import { Plc } from './plc.js';
import type { ProcessState } from './process-state.js';
import { startupState, TANK_IDS } from './process-state.js';
import { holdupKg, processStep } from './process-step.js';
import type { ProcessContext, ProcessFaults } from './step-scratch.js';
import { processContext } from './step-scratch.js';

export interface PlantSimOptions {
  /** The plant definition (default: the pilot plant file). */
  plant?: Plant;
  /** Seed of every transmitter's noise. */
  seed?: number;
  /** Longest process substep, s (the PLC scans once per substep); at most TAU_MIN_S / 5. */
  maxSubstepS?: number;
}

interface Instrument {
  params: SensorParams;
  state: SensorState;
}

/**
 * Fastest explicitly integrated dynamics, s: the evaporator and crystallizer vapour spaces (12-15 s). Pumps,
 * valves, transmitters and heat balances use exact exponential updates and set no limit.
 */
export const TAU_MIN_S = 10;
/** Smoothing of the reported boundary rates, s. */
const RATE_TAU_S = 60;

export class PlantSim implements PlantPort {
  readonly plant: Plant;
  private readonly ctx: ProcessContext;
  private readonly plc: Plc;
  private state: ProcessState;
  private readonly instruments = new Map<string, Instrument>();
  private values = new Map<string, number | boolean>();
  private readonly stuckBits = new Map<string, number | boolean>();
  private readonly faultList = new Map<string, ProcessFault>();
  private processFaults: ProcessFaults = processFaultsOf([]);
  private sensorFaults = sensorFaultsOf([]);
  private readonly ledger: PlantLedger;
  private lastRates: BoundaryTerms = emptyBoundary();
  private ratesPrimed = false;
  private leakLh = 0;
  private leakTotalL = 0;
  private readonly maxSubstepS: number;

  constructor(opts: PlantSimOptions = {}) {
    this.plant = opts.plant ?? loadPlantFile();
    this.ctx = processContext(this.plant);
    this.plc = new Plc(this.plant);
    this.state = startupState(this.plant, this.plc.startupOutputs());
    this.maxSubstepS = Math.min(opts.maxSubstepS ?? TAU_MIN_S / 5, TAU_MIN_S / 5);
    // Prime the true values with a vanishing step, then put every transmitter on its value.
    const prime = processStep(
      this.ctx,
      this.state,
      this.plc.currentActuation(),
      this.processFaults,
      1e-9,
    );
    this.values = prime.truth;
    const seed = opts.seed ?? 1;
    for (const t of this.plant.tags) {
      if (!isAnalogMeasurement(t)) continue;
      const v = this.values.get(t.name);
      if (typeof v !== 'number') continue;
      const params = sensorParamsFor(t);
      this.instruments.set(t.name, {
        params,
        state: sensorInitial(params, v, deriveSeed(seed, t.name)),
      });
    }
    this.ledger = new PlantLedger(holdupKg(this.state));
  }

  /** Simulated seconds since the start-up state. */
  get timeS(): number {
    return this.state.timeS;
  }

  step(dtS: number): void {
    if (!(dtS > 0)) return;
    const { n, h } = substeps(dtS, 5 * this.maxSubstepS);
    for (let i = 0; i < n; i++) this.substep(h);
  }

  private substep(h: number): void {
    const act = this.plc.scan(
      (t) => this.plcRead(t),
      this.state.timeS,
      h,
      (id) => this.isRunning(id),
    );
    const r = processStep(this.ctx, this.state, act, this.processFaults, h);
    this.state = r.state;
    this.values = r.truth;
    this.ledger.add(r.boundary, r.units);
    // Boundary rates, kg/h, smoothed over about a minute (the SX bank releases its outflows every few seconds).
    const a = this.ratesPrimed ? 1 - Math.exp(-h / RATE_TAU_S) : 1;
    this.ratesPrimed = true;
    for (const k of Object.keys(this.lastRates) as (keyof BoundaryTerms)[])
      this.lastRates[k] += ((r.boundary[k] * 3600) / h - this.lastRates[k]) * a;
    this.leakLh += ((r.leakL * 3600) / h - this.leakLh) * a;
    this.leakTotalL += r.leakL;
    for (const [tag, ins] of this.instruments) {
      const v = this.values.get(tag);
      if (typeof v === 'number')
        ins.state = sensorStep(ins.params, ins.state, v, h, this.sensorFaults.get(tag));
    }
  }

  private isRunning(equipmentId: string): boolean {
    const p = this.state.pumps[equipmentId];
    return p ? p.status === 'running' : true;
  }

  /** What the PLC sees: its own tags, transmitter readings and field bits. */
  private plcRead(tag: string): number | boolean {
    if (this.plc.owns(tag)) return this.plc.read(tag);
    const ins = this.instruments.get(tag);
    if (ins) return ins.state.measured;
    const stuck = this.stuckBits.get(tag);
    if (stuck !== undefined) return stuck;
    const v = this.values.get(tag);
    if (v === undefined) throw new RangeError(`unknown tag ${tag}`);
    return v;
  }

  read(tag: string): TagScalar {
    const def = this.plant.tagByName.get(tag);
    if (!def || def.computed) throw new RangeError(`${tag} is not a PLC tag of this plant`);
    // The runner answers the PLC clocks itself (epoch); standalone, a clock reads seconds since start-up.
    if (def.name === this.clockOf(def.plc)) return this.state.timeS;
    return this.plcRead(tag);
  }

  private clockOf(plcId: string | undefined): string | undefined {
    return plcId ? this.plant.plcById.get(plcId)?.clockTag : undefined;
  }

  write(tag: string, value: TagScalar): void {
    const def = this.plant.tagByName.get(tag);
    if (!def || !def.writable) throw new RangeError(`${tag} is not writable`);
    if (typeof value === 'number' && (value < def.range[0] || value > def.range[1]))
      throw new RangeError(`${tag}: ${value} is outside ${def.range[0]}..${def.range[1]}`);
    this.plc.write(tag, value, (t) => this.plcRead(t));
  }

  quality(tag: string): Quality {
    return this.sensorFaults.get(tag)?.stuck || this.stuckBits.has(tag)
      ? 'Uncertain_SensorNotAccurate'
      : 'Good';
  }

  checkFault(fault: ProcessFault): void {
    checkFault(this.plant, fault, new Set([...this.instruments.keys(), ...this.bitTags()]));
  }

  addFault(fault: ProcessFault): void {
    this.checkFault(fault);
    this.faultList.set(fault.id, fault);
    if (fault.kind === 'sensor-stuck' && !this.instruments.has(fault.target))
      this.stuckBits.set(fault.target, this.plcRead(fault.target));
    this.refreshFaults();
  }

  removeFault(id: string): void {
    const f = this.faultList.get(id);
    if (!f) return;
    this.faultList.delete(id);
    if (f.kind === 'sensor-stuck') this.stuckBits.delete(f.target);
    if (
      f.kind === 'pump-trip' &&
      ![...this.faultList.values()].some((g) => g.kind === 'pump-trip' && g.target === f.target)
    ) {
      // Maintenance resets the trip with the fault; the pump restarts if it is still commanded.
      const p = this.state.pumps[f.target];
      if (p?.status === 'tripped')
        this.state.pumps[f.target] = { ...p, status: 'stopped', tripReason: null, lastRun: false };
    }
    this.refreshFaults();
  }

  private refreshFaults(): void {
    this.processFaults = processFaultsOf(this.faultList.values());
    this.sensorFaults = sensorFaultsOf(this.faultList.values());
  }

  private bitTags(): string[] {
    return [...this.values.entries()].filter(([, v]) => typeof v === 'boolean').map(([k]) => k);
  }

  /** The process faults in force. */
  get faults(): ProcessFault[] {
    return [...this.faultList.values()];
  }

  /** Interlocks the PLC is enforcing now. */
  activeInterlocks(): string[] {
    return this.plc.activeInterlocks();
  }

  /** The water the plant holds now, kg (every tank, vessel, the SX aqueous, vapour spaces, pipes). */
  holdupKg(): number {
    return holdupKg(this.state);
  }

  /** The plant's true water books since the start-up state. */
  books(): {
    boundary: BoundaryTerms;
    units: PlantLedger['units'];
    holdupKg: number;
    startHoldupKg: number;
    residualKg: number;
  } {
    const h = holdupKg(this.state);
    return {
      boundary: { ...this.ledger.boundary },
      units: this.ledger.units,
      holdupKg: h,
      startHoldupKg: this.ledger.startHoldupKg,
      residualKg: this.ledger.residualKg(h),
    };
  }

  truth(): PlantTruth {
    const tags: Record<string, TagScalar> = {};
    for (const t of this.plant.tags) {
      if (t.computed) continue;
      if (t.name === this.clockOf(t.plc)) tags[t.name] = this.state.timeS;
      else if (this.plc.owns(t.name)) tags[t.name] = this.plc.read(t.name);
      else {
        const v = this.values.get(t.name);
        if (v !== undefined) tags[t.name] = v;
      }
    }
    const tanks: Record<string, { waterKg: number; levelPct: number; volumeL: number }> = {};
    for (const id of TANK_IDS) {
      const s = this.state.tanks[id];
      tanks[id] = {
        waterKg: s.water,
        levelPct: tankLevelPct(this.ctx.tanks[id], s),
        volumeL: volumeL(s.water, s.solutes),
      };
    }
    const ev = this.state.evaporator;
    const cr = this.state.crystallizer;
    tanks['EV-500'] = {
      waterKg: ev.water + ev.vapourKg,
      levelPct: Number(this.values.get('LIC-506') ?? 0),
      volumeL: volumeL(ev.water, ev.solutes),
    };
    tanks['CR-600'] = {
      waterKg: cr.water + cr.vapourKg,
      levelPct: Number(this.values.get('LIC-603') ?? 0),
      volumeL: volumeL(cr.water, cr.solutes),
    };
    const books = this.books();
    const r = this.lastRates;
    return {
      tags,
      tanks,
      balance: {
        ratesKgH: { ...r },
        totalsKg: books.boundary,
        inKgH: boundaryIn(r),
        reactionKgH: r.reaction,
        outKgH: boundaryOut(r),
        unmeteredLossKgH: r.leaks + r.vents,
        leakLh: this.leakLh,
        leakTotalL: this.leakTotalL,
        holdupKg: books.holdupKg,
        accumulationKg: books.holdupKg - books.startHoldupKg,
        residualKg: books.residualKg,
      },
      elapsedS: this.state.timeS,
      faults: this.faults,
      interlocks: this.activeInterlocks(),
    };
  }
}
