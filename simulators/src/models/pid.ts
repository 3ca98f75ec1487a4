// PID controller (velocity form): MAN/AUTO/CAS, bumpless transfer, no windup, direct/reverse, SP and OUT limits.

export type PidMode = 'MAN' | 'AUTO' | 'CAS';

export interface PidParams {
  /** Gain, % of output per % of PV span. */
  kp: number;
  /** Integral time, s (0 or Infinity: no integral action). */
  tiS: number;
  /** Derivative time, s (on the filtered PV). */
  tdS?: number;
  /** reverse: output rises when PV < SP (e = SP − PV); direct: e = PV − SP. */
  action: 'direct' | 'reverse';
  /** PV span used to normalise the error. */
  pvRange: readonly [number, number];
  outMin?: number;
  outMax?: number;
  spMin?: number;
  spMax?: number;
  /** Derivative filter: time constant = tdS / derivN (default 10). */
  derivN?: number;
  /** In MAN the setpoint follows the PV. */
  pvTrack?: boolean;
}

export interface PidState {
  mode: PidMode;
  /** The setpoint in use (in CAS, the last remote setpoint). */
  sp: number;
  /** Output, %. */
  out: number;
  /** Error and filtered PV of the previous execution (null before the first). */
  prevErr: number | null;
  pvf: number | null;
  /** Derivative term of the previous execution. */
  prevD: number;
}

export interface PidInputs {
  pv: number;
  /** Remote (cascade) setpoint, used in CAS. */
  casSp?: number;
  /** Output tracking (interlock or cascade initialisation): when set, OUT is forced to it. */
  trackOut?: number;
}

const outMin = (p: Readonly<PidParams>): number => p.outMin ?? 0;
const outMax = (p: Readonly<PidParams>): number => p.outMax ?? 100;
const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

export function clampSp(p: Readonly<PidParams>, sp: number): number {
  return clamp(sp, p.spMin ?? p.pvRange[0], p.spMax ?? p.pvRange[1]);
}

export function pidInitial(
  p: Readonly<PidParams>,
  mode: PidMode,
  sp: number,
  out: number,
): PidState {
  return {
    mode,
    sp: clampSp(p, sp),
    out: clamp(out, outMin(p), outMax(p)),
    prevErr: null,
    pvf: null,
    prevD: 0,
  };
}

function errorPct(p: Readonly<PidParams>, sp: number, pv: number): number {
  const span = p.pvRange[1] - p.pvRange[0] || 1;
  const e = (100 * (sp - pv)) / span;
  return p.action === 'reverse' ? e : -e;
}

/** Mode change. Bumpless: the output is kept; history is reset so no kick follows. */
export function pidSetMode(p: Readonly<PidParams>, s: Readonly<PidState>, mode: PidMode): PidState {
  if (mode === s.mode) return s;
  return { ...s, mode, prevErr: null, prevD: 0 };
}

/** Local setpoint write (ignored in CAS, where the master owns the setpoint). */
export function pidSetSp(p: Readonly<PidParams>, s: Readonly<PidState>, sp: number): PidState {
  if (s.mode === 'CAS') return s;
  return { ...s, sp: clampSp(p, sp) };
}

/** Manual output write (accepted in MAN only). */
export function pidSetOut(p: Readonly<PidParams>, s: Readonly<PidState>, out: number): PidState {
  if (s.mode !== 'MAN') return s;
  return { ...s, out: clamp(out, outMin(p), outMax(p)) };
}

/** One execution after `dtS` seconds. Pure. */
export function pidStep(
  p: Readonly<PidParams>,
  s: Readonly<PidState>,
  u: Readonly<PidInputs>,
  dtS: number,
): PidState {
  let sp = s.sp;
  if (s.mode === 'CAS' && u.casSp !== undefined && Number.isFinite(u.casSp))
    sp = clampSp(p, u.casSp);
  if (s.mode === 'MAN' && p.pvTrack === true) sp = clampSp(p, u.pv);
  const e = errorPct(p, sp, u.pv);
  const td = p.tdS ?? 0;
  const tf = td > 0 ? td / (p.derivN ?? 10) : 0;
  const pvf0 = s.pvf ?? u.pv;
  const pvf = tf > 0 ? pvf0 + (u.pv - pvf0) * (1 - Math.exp(-dtS / tf)) : u.pv;
  const span = p.pvRange[1] - p.pvRange[0] || 1;
  const sign = p.action === 'reverse' ? -1 : 1;
  const d = td > 0 && dtS > 0 ? (sign * p.kp * td * (100 * (pvf - pvf0))) / span / dtS : 0;
  if (u.trackOut !== undefined) {
    return { ...s, sp, out: clamp(u.trackOut, outMin(p), outMax(p)), prevErr: e, pvf, prevD: d };
  }
  if (s.mode === 'MAN' || !(dtS > 0)) return { ...s, sp, prevErr: e, pvf, prevD: d };
  const prevErr = s.prevErr ?? e;
  const integral = p.tiS > 0 && Number.isFinite(p.tiS) ? (dtS / p.tiS) * e : 0;
  const du = p.kp * (e - prevErr + integral) + (d - (s.prevErr === null ? d : s.prevD));
  const out = clamp(s.out + du, outMin(p), outMax(p));
  return { mode: s.mode, sp, out, prevErr: e, pvf, prevD: d };
}
