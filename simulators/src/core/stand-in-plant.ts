// A minimal stand-in plant (loops settle to setpoints, states follow commands): any plant file the process model does not run, and server tests.
import type { Plant } from '@zld/plant';
import type { Quality } from '@zld/tags';
import { PROCESS_FAULT_KINDS } from './faults.js';
import type { PlantPort, PlantTruth, ProcessFault, TagScalar } from './plant-port.js';

/**
 * Not a process model. Every PLC tag starts in the middle of its normal range (or its range); a loop's PV
 * follows its SP with a 10 s lag while the loop is in AUTO; an equipment's state tag follows its command
 * tag; `sensor-stuck` freezes a reading and reports Uncertain_SensorNotAccurate. The simulators serve a plant
 * file the process model cannot run (a user's own plant) with it; tests use it to exercise the protocol
 * servers and the control API without depending on the process models.
 */
export class StandInPlant implements PlantPort {
  private readonly values = new Map<string, TagScalar>();
  private readonly stuck = new Map<string, TagScalar>();
  private readonly faults = new Map<string, ProcessFault>();
  private readonly follows: [state: string, command: string][] = [];
  private elapsedS = 0;

  constructor(private readonly plant: Plant) {
    for (const t of plant.tags) {
      if (t.computed) continue;
      const [lo, hi] = t.normal ?? t.range;
      this.values.set(t.name, t.dataType === 'bool' ? false : (lo + hi) / 2);
    }
    for (const l of plant.loops) {
      this.values.set(l.mode, 1);
      this.values.set(l.out, 50);
      this.values.set(l.sp, this.values.get(l.pv) ?? 0);
    }
    for (const e of plant.equipment) {
      if (!e.commandTag || !e.stateTag) continue;
      this.values.set(e.commandTag, true);
      this.values.set(e.stateTag, true);
      this.follows.push([e.stateTag, e.commandTag]);
    }
  }

  step(dtS: number): void {
    this.elapsedS += dtS;
    const k = 1 - Math.exp(-dtS / 10);
    for (const l of this.plant.loops) {
      if (this.values.get(l.mode) !== 1) continue;
      const pv = Number(this.values.get(l.pv) ?? 0);
      const sp = Number(this.values.get(l.sp) ?? 0);
      this.values.set(l.pv, pv + (sp - pv) * k);
    }
    for (const [state, command] of this.follows) this.values.set(state, this.values.get(command)!);
  }

  read(tag: string): TagScalar {
    const v = this.stuck.get(tag) ?? this.values.get(tag);
    if (v === undefined) throw new RangeError(`unknown tag ${tag}`);
    return v;
  }

  write(tag: string, value: TagScalar): void {
    const t = this.plant.tagByName.get(tag);
    if (!t || !t.writable) throw new RangeError(`${tag} is not writable`);
    this.values.set(tag, t.dataType === 'bool' ? value === true || value === 1 : Number(value));
  }

  quality(tag: string): Quality {
    return this.stuck.has(tag) ? 'Uncertain_SensorNotAccurate' : 'Good';
  }

  truth(): PlantTruth {
    const tanks: Record<string, { waterKg: number }> = {};
    for (const e of this.plant.equipment) {
      if (e.kind !== 'tank' || !e.levelTag || !e.areaM2 || !e.heightM) continue;
      const levelPct = Number(this.values.get(e.levelTag) ?? 0);
      tanks[e.id] = { waterKg: (levelPct / 100) * e.heightM * e.areaM2 * 1000 };
    }
    return {
      tags: Object.fromEntries(this.values),
      tanks,
      balance: { unmeteredLossKgH: this.leakKgH() },
      elapsedS: this.elapsedS,
    };
  }

  addFault(f: ProcessFault): void {
    if (!(PROCESS_FAULT_KINDS as readonly string[]).includes(f.kind))
      throw new RangeError(`${f.kind} is not a process fault`);
    if (f.kind.startsWith('sensor-') && !this.values.has(f.target))
      throw new RangeError(`no tag ${f.target}`);
    if (f.kind === 'leak' && this.plant.equipmentById.get(f.target)?.kind !== 'tank')
      throw new RangeError(`no tank ${f.target}`);
    if (f.kind === 'sensor-stuck') this.stuck.set(f.target, this.read(f.target));
    this.faults.set(f.id, f);
  }

  removeFault(id: string): void {
    const f = this.faults.get(id);
    if (!f) return;
    this.faults.delete(id);
    if (f.kind === 'sensor-stuck') this.stuck.delete(f.target);
  }

  private leakKgH(): number {
    let sum = 0;
    for (const f of this.faults.values()) if (f.kind === 'leak') sum += f.magnitude ?? 0;
    return sum;
  }
}
