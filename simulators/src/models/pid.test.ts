import { describe, it, expect } from 'vitest';
import type { PidParams, PidState } from './pid.js';
import { pidInitial, pidSetMode, pidSetOut, pidSetSp, pidStep } from './pid.js';

/** A first-order process: PV moves toward gain × OUT with time constant tau. */
function closedLoop(
  p: PidParams,
  s0: PidState,
  pv0: number,
  seconds: number,
  gain = 1,
  tau = 10,
  dt = 0.1,
) {
  let s = s0;
  let pv = pv0;
  let maxOut = -Infinity;
  for (let t = 0; t < seconds; t += dt) {
    s = pidStep(p, s, { pv }, dt);
    maxOut = Math.max(maxOut, s.out);
    pv += ((gain * s.out - pv) * dt) / tau;
  }
  return { s, pv, maxOut };
}

const P: PidParams = { kp: 1, tiS: 10, action: 'reverse', pvRange: [0, 100] };

describe('PID', () => {
  it('removes the offset with integral action (reverse acting)', () => {
    const s0 = pidInitial(P, 'AUTO', 60, 20);
    const r = closedLoop(P, s0, 20, 200);
    expect(r.pv).toBeCloseTo(60, 2);
    expect(r.s.out).toBeCloseTo(60, 2);
  });

  it('acts the other way when direct acting', () => {
    const d: PidParams = { ...P, action: 'direct' };
    const s = pidStep(d, pidInitial(d, 'AUTO', 50, 50), { pv: 50 }, 1);
    const up = pidStep(d, s, { pv: 55 }, 1);
    expect(up.out).toBeGreaterThan(50);
    const r = pidStep(P, pidStep(P, pidInitial(P, 'AUTO', 50, 50), { pv: 50 }, 1), { pv: 55 }, 1);
    expect(r.out).toBeLessThan(50);
  });

  it('P-only leaves the textbook offset: PV = SP·Kp·K/(1 + Kp·K)', () => {
    const p: PidParams = { ...P, kp: 1, tiS: 0 };
    const s0 = pidStep(p, pidInitial(p, 'AUTO', 0, 0), { pv: 0 }, 0.1);
    const r = closedLoop(p, pidSetSp(p, s0, 60), 0, 300);
    expect(r.pv).toBeCloseTo(30, 2);
  });

  it('clamps the output and does not wind up', () => {
    const p: PidParams = { ...P, kp: 2, tiS: 5, outMax: 80 };
    // An unreachable setpoint for a long time, then a reachable one.
    let s = pidInitial(p, 'AUTO', 100, 50);
    let r = closedLoop(p, s, 0, 600, 1);
    expect(r.maxOut).toBeLessThanOrEqual(80);
    s = pidSetSp(p, r.s, 40);
    r = closedLoop(p, s, r.pv, 60, 1);
    // Without windup the output leaves the limit at once and the PV is back near 40 within a minute.
    expect(Math.abs(r.pv - 40)).toBeLessThan(2);
  });

  it('transfers MAN → AUTO without a bump, and accepts manual output only in MAN', () => {
    let s = pidInitial(P, 'MAN', 50, 30);
    s = pidStep(P, s, { pv: 45 }, 1);
    s = pidSetOut(P, s, 35);
    expect(s.out).toBe(35);
    s = pidSetMode(P, s, 'AUTO');
    const next = pidStep(P, s, { pv: 45 }, 0.1);
    // The first AUTO execution moves only by the integral of one step: no proportional kick.
    expect(Math.abs(next.out - 35)).toBeLessThan(0.1);
    expect(pidSetOut(P, next, 90).out).toBe(next.out);
  });

  it('limits the setpoint, follows a remote setpoint in CAS, and tracks an output when told', () => {
    const p: PidParams = { ...P, spMin: 10, spMax: 90 };
    let s = pidInitial(p, 'AUTO', 50, 50);
    expect(pidSetSp(p, s, 120).sp).toBe(90);
    s = pidSetMode(p, s, 'CAS');
    s = pidStep(p, s, { pv: 50, casSp: 70 }, 1);
    expect(s.sp).toBe(70);
    expect(pidSetSp(p, s, 20).sp).toBe(70);
    s = pidStep(p, s, { pv: 50, trackOut: 12 }, 1);
    expect(s.out).toBe(12);
  });

  it('tracks the PV with the setpoint in MAN when configured', () => {
    const p: PidParams = { ...P, pvTrack: true };
    const s = pidStep(p, pidInitial(p, 'MAN', 50, 10), { pv: 42 }, 1);
    expect(s.sp).toBe(42);
  });

  it('derivative on PV opposes a PV ramp', () => {
    const p: PidParams = { ...P, kp: 1, tiS: 0, tdS: 5, derivN: 1000 };
    let s = pidStep(p, pidInitial(p, 'AUTO', 50, 50), { pv: 50 }, 0.1);
    const ramp = pidStep(p, s, { pv: 50.1 }, 0.1);
    s = pidStep(P, pidStep(P, pidInitial(P, 'AUTO', 50, 50), { pv: 50 }, 0.1), { pv: 50.1 }, 0.1);
    // With D the reverse-acting output falls further than with P alone.
    expect(ramp.out).toBeLessThan(s.out - 1);
  });
});
