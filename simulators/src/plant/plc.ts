// The PLC program: every loop of the plant file (with cascades), every interlock's actions while its condition
// holds, the command image, totalisers, and the internal duties the plant file has no faceplate for.
import type { InterlockDef, LoopDef, Plant, TagDef } from '@zld/plant';
import type { PidMode, PidParams, PidState } from '../models/pid.js';
import { pidInitial, pidSetMode, pidSetOut, pidSetSp, pidStep } from '../models/pid.js';
import type { ConditionTimers, TagReader } from './conditions.js';
import { evaluateCondition } from './conditions.js';
import type { LoopTuning } from './loop-tuning.js';
import { InterlockGuard } from './plc-interlocks.js';
import { INTERNAL, LOOP_TUNING } from './loop-tuning.js';
import type { Actuation } from './step-scratch.js';

interface LoopRt {
  def: LoopDef;
  tuning: LoopTuning;
  params: PidParams;
  state: PidState;
  /** The loop this one feeds in cascade (its slave), if any. */
  slave: LoopRt | null;
  modeTag: TagDef;
}

const HEATER = /^(HE|CA)-/;
const VALVE = /^PV-/;

/** Numeric value of a mode label in the mode tag's states (e.g. { "0": "MAN", "1": "AUTO", "2": "CAS" }). */
function modeValue(tag: Readonly<TagDef>, mode: PidMode): number {
  for (const [k, label] of Object.entries(tag.states ?? {})) if (label === mode) return Number(k);
  return ['MAN', 'AUTO', 'CAS'].indexOf(mode);
}
function modeLabel(tag: Readonly<TagDef>, value: number): PidMode | null {
  const label =
    tag.states?.[String(Math.round(value))] ?? ['MAN', 'AUTO', 'CAS'][Math.round(value)];
  return label === 'MAN' || label === 'AUTO' || label === 'CAS' ? label : null;
}

export class Plc {
  private readonly loops = new Map<string, LoopRt>();
  /** Masters before slaves. */
  private readonly order: LoopRt[] = [];
  private readonly byTag = new Map<string, { loop: LoopRt; field: 'sp' | 'out' | 'mode' }>();
  /** The loop that drives each final element (the innermost of a cascade). */
  private readonly driver = new Map<string, LoopRt>();
  private readonly commands = new Map<string, boolean>();
  private readonly interlocks: { def: InterlockDef; timers: ConditionTimers; active: boolean }[];
  private readonly guard: InterlockGuard;
  private raffinate: PidState;
  private leachTrim: PidState;
  private purgeTrim: PidState;
  private readonly totals = new Map<string, number>();
  private ffy = 0;

  constructor(private readonly plant: Plant) {
    for (const def of plant.loops) {
      const tuning = LOOP_TUNING[def.id];
      if (!tuning) throw new Error(`no tuning for loop ${def.id}`);
      const pv = plant.tag(def.pv);
      const params: PidParams = {
        kp: tuning.kp,
        tiS: tuning.tiS,
        ...(tuning.tdS !== undefined ? { tdS: tuning.tdS } : {}),
        action: tuning.action,
        pvRange: pv.range,
        spMin: tuning.spLimits[0],
        spMax: tuning.spLimits[1],
      };
      const rt: LoopRt = {
        def,
        tuning,
        params,
        state: pidInitial(params, tuning.mode, tuning.sp, tuning.out),
        slave: null,
        modeTag: plant.tag(def.mode),
      };
      this.loops.set(def.id, rt);
      this.byTag.set(def.sp, { loop: rt, field: 'sp' });
      this.byTag.set(def.out, { loop: rt, field: 'out' });
      this.byTag.set(def.mode, { loop: rt, field: 'mode' });
    }
    for (const rt of this.loops.values()) {
      const m = rt.def.cascadeFrom ? this.loops.get(rt.def.cascadeFrom) : undefined;
      if (m) m.slave = rt;
    }
    const visit = (rt: LoopRt): void => {
      if (this.order.includes(rt)) return;
      this.order.push(rt);
      if (rt.slave) visit(rt.slave);
    };
    for (const rt of this.loops.values()) if (!rt.def.cascadeFrom) visit(rt);
    for (const rt of this.loops.values()) if (!rt.slave) this.driver.set(rt.def.finalElement, rt);
    for (const e of plant.equipment)
      if (e.commandTag) this.commands.set(e.commandTag, defaultCommand(e.commandTag));
    this.interlocks = plant.interlocks
      .filter((i) => i.enforcedBy.includes('plc') && i.actions.length > 0)
      .map((def) => ({ def, timers: new Map(), active: false }));
    this.guard = new InterlockGuard(plant);
    const rp = INTERNAL.raffinateTransfer;
    this.raffinate = pidInitial(
      this.internalParams(rp.kp, rp.tiS, 'direct', rp.sp),
      'AUTO',
      rp.sp,
      rp.out,
    );
    const lw = INTERNAL.leachWater;
    this.leachTrim = pidInitial(
      this.internalParams(lw.kp, lw.tiS, 'reverse', lw.sp),
      'AUTO',
      lw.sp,
      50,
    );
    const pt = INTERNAL.purgeTrim;
    this.purgeTrim = pidInitial(this.purgeParams(), 'AUTO', pt.sp, pt.out);
  }

  private purgeParams(): PidParams {
    const pt = INTERNAL.purgeTrim;
    const span = this.plant.tagByName.get('FT-607')?.range ?? [0, 3];
    return {
      kp: pt.kp,
      tiS: pt.tiS,
      action: 'direct',
      pvRange: span,
      spMin: pt.sp,
      spMax: pt.sp,
      outMin: pt.min,
      outMax: pt.max,
    };
  }

  private internalParams(
    kp: number,
    tiS: number,
    action: 'direct' | 'reverse',
    sp: number,
  ): PidParams {
    return { kp, tiS, action, pvRange: [0, 100], spMin: sp, spMax: sp };
  }

  /** Tags the PLC itself owns (setpoints, outputs, modes, commands, totalisers, computed ratio, flags). */
  owns(tag: string): boolean {
    return (
      this.byTag.has(tag) ||
      this.guard.owns(tag) ||
      this.commands.has(tag) ||
      this.totals.has(tag) ||
      tag === 'FFY-201' ||
      /^FQ-/.test(tag)
    );
  }

  read(tag: string): number | boolean {
    const b = this.byTag.get(tag);
    if (b) {
      const st = b.loop.state;
      if (b.field === 'sp') return st.sp;
      if (b.field === 'out') return st.out;
      return modeValue(b.loop.modeTag, st.mode);
    }
    const c = this.commands.get(tag);
    if (c !== undefined) return c;
    if (this.guard.owns(tag)) return this.guard.read(tag);
    if (tag === 'FFY-201') return this.ffy;
    return this.totals.get(tag) ?? 0;
  }

  /**
   * A write from any client. Throws with a plain message when the PLC refuses it: a WriteRefusedError when a
   * `plc` interlock blocks it (active at the last scan, or its condition holding on `read` now).
   */
  write(tag: string, value: number | boolean, read?: TagReader): void {
    const active = (id: string) => this.interlocks.some((i) => i.active && i.def.id === id);
    this.guard.check(tag, value, active, read);
    if (this.guard.write(tag, value)) return;
    const b = this.byTag.get(tag);
    if (b) {
      const rt = b.loop;
      const v = Number(value);
      if (!Number.isFinite(v)) throw new RangeError(`${tag}: not a number`);
      if (b.field === 'sp') {
        if (rt.state.mode === 'CAS')
          throw new RangeError(
            `${tag}: ${rt.def.id} is in CAS, its setpoint comes from ${rt.def.cascadeFrom}`,
          );
        rt.state = pidSetSp(rt.params, rt.state, v);
      } else if (b.field === 'out') {
        if (rt.state.mode !== 'MAN')
          throw new RangeError(`${tag}: ${rt.def.id} output is writable in MAN only`);
        rt.state = pidSetOut(rt.params, rt.state, v);
      } else {
        const mode = modeLabel(rt.modeTag, v);
        if (!mode || !rt.def.modes.includes(mode))
          throw new RangeError(`${tag}: mode ${value} not supported by ${rt.def.id}`);
        rt.state = pidSetMode(rt.params, rt.state, mode);
      }
      return;
    }
    if (this.commands.has(tag)) {
      this.commands.set(tag, value === true || value === 1);
      return;
    }
    throw new RangeError(`${tag} is not writable`);
  }

  /** Interlocks whose condition holds now. */
  activeInterlocks(): string[] {
    return this.interlocks.filter((i) => i.active).map((i) => i.def.id);
  }

  /** One scan: interlocks, loops (masters first), internal duties; returns what the equipment is asked to do. */
  scan(
    read: TagReader,
    nowS: number,
    dtS: number,
    running: (equipmentId: string) => boolean,
  ): Actuation {
    for (const il of this.interlocks) {
      il.active = evaluateCondition(il.def.when, read, nowS, il.timers);
      if (!il.active) continue;
      for (const a of il.def.actions) {
        if (this.commands.has(a.tag)) this.commands.set(a.tag, a.value === true || a.value === 1);
        else if (this.byTag.has(a.tag)) this.force(a.tag, Number(a.value));
      }
    }
    for (const rt of this.order) {
      const pv = Number(read(rt.def.pv));
      const master = rt.def.cascadeFrom ? this.loops.get(rt.def.cascadeFrom) : undefined;
      const casSp = master ? this.masterToSp(rt, master.state.out) : undefined;
      const driven = !rt.slave && !running(rt.def.finalElement);
      let trackOut: number | undefined;
      if (rt.slave && rt.slave.state.mode !== 'CAS')
        trackOut = this.spToMaster(rt.slave, rt.slave.state.sp);
      else if (rt.slave && !running(rt.slave.def.finalElement)) trackOut = rt.state.out;
      else if (driven) trackOut = rt.state.out;
      rt.state = pidStep(
        rt.params,
        rt.state,
        {
          pv,
          ...(casSp !== undefined ? { casSp } : {}),
          ...(trackOut !== undefined ? { trackOut } : {}),
        },
        dtS,
      );
    }
    // Internal duties.
    const rp = INTERNAL.raffinateTransfer;
    this.raffinate = pidStep(
      this.internalParams(rp.kp, rp.tiS, 'direct', rp.sp),
      this.raffinate,
      { pv: Number(read('LT-206')) },
      dtS,
    );
    const lw = INTERNAL.leachWater;
    this.leachTrim = pidStep(
      this.internalParams(lw.kp, lw.tiS, 'reverse', lw.sp),
      this.leachTrim,
      { pv: Number(read('LT-105')) },
      dtS,
    );
    this.purgeTrim = pidStep(
      this.purgeParams(),
      this.purgeTrim,
      { pv: Number(read('FT-607')) },
      dtS,
    );
    const fic106 = this.loops.get('FIC-106');
    const leachWaterLh = Math.max(
      0,
      lw.ratio * (fic106?.state.sp ?? 25) + ((this.leachTrim.out - 50) / 50) * lw.trimLh,
    );
    const f201 = Number(read('FIC-201'));
    const f106 = Number(read('FIC-106'));
    this.ffy = f106 > 0.5 ? f201 / f106 : 0;
    this.totalise('FQ-001', Number(read('FT-001')), dtS);
    this.totalise('FQ-901', Number(read('FT-901')), dtS);
    return this.actuation(read, leachWaterLh);
  }

  private totalise(tag: string, lh: number, dtS: number): void {
    this.totals.set(tag, (this.totals.get(tag) ?? 0) + Math.max(0, lh) * (dtS / 3600));
  }

  private force(tag: string, v: number): void {
    const b = this.byTag.get(tag);
    if (!b) return;
    const rt = b.loop;
    if (b.field === 'mode') {
      const mode = modeLabel(rt.modeTag, v);
      if (mode) rt.state = pidSetMode(rt.params, rt.state, mode);
    } else if (b.field === 'sp') rt.state = { ...rt.state, sp: v };
    else rt.state = { ...rt.state, out: v };
  }

  private masterToSp(slave: LoopRt, out: number): number {
    const [lo, hi] = slave.tuning.spLimits;
    return lo + (out / 100) * (hi - lo);
  }
  private spToMaster(slave: LoopRt, sp: number): number {
    const [lo, hi] = slave.tuning.spLimits;
    return hi > lo ? (100 * (sp - lo)) / (hi - lo) : 0;
  }

  private actuation(read: TagReader, leachWaterLh: number): Actuation {
    const a: Actuation = { run: {}, speed: {}, valve: {}, open: {}, heat: {}, leachWaterLh };
    for (const e of this.plant.equipment) {
      const cmd = e.commandTag ? (this.commands.get(e.commandTag) ?? false) : true;
      const loop = this.driver.get(e.id);
      if (HEATER.test(e.id)) a.heat[e.id] = loop?.state.out ?? 0;
      else if (VALVE.test(e.id)) a.valve[e.id] = loop?.state.out ?? 0;
      else if (e.kind === 'valve') a.open[e.id] = cmd;
      else {
        a.run[e.id] = cmd;
        if (loop) a.speed[e.id] = loop.state.out;
      }
    }
    a.speed['P-401'] = this.raffinate.out;
    a.speed['P-605'] = this.purgeTrim.out;
    a.run['P-902'] = (a.run['P-902'] ?? false) && read('LSH-902') === true;
    a.speed['P-902'] = 100;
    a.run['P-002W'] = true;
    a.speed['P-002W'] = INTERNAL.washPct;
    a.run['P-610R'] = true;
    a.speed['P-610R'] = INTERNAL.centrateReturnPct;
    return a;
  }

  /** What the equipment is asked to do with the outputs as they stand (no scan). */
  currentActuation(): Actuation {
    const lw = INTERNAL.leachWater;
    const sp = this.loops.get('FIC-106')?.state.sp ?? 25;
    return this.actuation(
      () => false,
      lw.ratio * sp + ((this.leachTrim.out - 50) / 50) * lw.trimLh,
    );
  }

  /** Speeds and openings the start-up state begins with (the loops' start-up outputs). */
  startupOutputs(): Record<string, number> {
    const a = this.actuation(() => false, 0);
    return {
      ...a.speed,
      ...a.valve,
      ...Object.fromEntries(Object.entries(a.open).map(([k, v]) => [k, v ? 100 : 0])),
    };
  }
}

/** Commands at start-up: everything running, make-up valve open; the outfall, the divert valve and the sump pump off. */
function defaultCommand(tag: string): boolean {
  return !/^(XV-901|XV-510|P-902)\./.test(tag);
}
