import { describe, it, expect } from 'vitest';
import type { PumpParams, PumpState } from './pump.js';
import { pumpHeadM, pumpInitial, pumpStep, shaftPowerKw, steadyFlowLh } from './pump.js';

const P: PumpParams = {
  kind: 'centrifugal',
  bepLh: 60,
  h0M: 20,
  efficiency: 0.5,
  rampS: 8,
  tauS: 1.5,
  tripDelayS: 5,
};

function run(s: PumpState, seconds: number, u: Parameters<typeof pumpStep>[2], dt = 0.1) {
  let st = s;
  let out = pumpStep(P, st, u, dt).out;
  for (let t = 0; t < seconds; t += dt) {
    const r = pumpStep(P, st, u, dt);
    st = r.state;
    out = r.out;
  }
  return { state: st, out };
}

describe('pump', () => {
  it('runs where the pump curve meets the system curve', () => {
    const q = steadyFlowLh(P, 1, 5, 0.002);
    expect(pumpHeadM(P, 1, q)).toBeCloseTo(5 + 0.002 * q * q, 9);
  });

  it('follows the affinity laws: Q ∝ N, H ∝ N², P ∝ N³', () => {
    const k = 0.003;
    const q1 = steadyFlowLh(P, 1, 0, k);
    const q2 = steadyFlowLh(P, 0.7, 0, k);
    expect(q2 / q1).toBeCloseTo(0.7, 9);
    expect(pumpHeadM(P, 0.7, q2) / pumpHeadM(P, 1, q1)).toBeCloseTo(0.49, 9);
    expect(shaftPowerKw(P, 0.7, q2) / shaftPowerKw(P, 1, q1)).toBeCloseTo(0.343, 9);
    // Shut-off power is finite, not zero.
    expect(shaftPowerKw(P, 1, 0)).toBeGreaterThan(0);
  });

  it('ramps the VFD and lags the flow', () => {
    const s0 = pumpInitial();
    const a = run(s0, 4, { run: true, speedPct: 100, systemK: 0.002 });
    expect(a.state.speedPct).toBeCloseTo(50, 0);
    const b = run(a.state, 30, { run: true, speedPct: 100, systemK: 0.002 });
    expect(b.state.speedPct).toBe(100);
    expect(b.state.flowLh).toBeCloseTo(steadyFlowLh(P, 1, 0, 0.002), 3);
    // From steady state, a speed step settles as a first-order lag once the ramp is done.
    const c = run(b.state, 1.5, { run: true, speedPct: 100, systemK: 0.008 });
    const q0 = b.state.flowLh;
    const q1 = steadyFlowLh(P, 1, 0, 0.008);
    expect((q0 - c.state.flowLh) / (q0 - q1)).toBeCloseTo(1 - Math.exp(-1), 1);
  });

  it('trips on low flow against a closed valve, and the trip clears when the command is cycled', () => {
    let s = run(pumpInitial(), 30, { run: true, speedPct: 100, systemK: 0.002 }).state;
    s = run(s, 3, { run: true, speedPct: 100, systemK: Infinity }).state;
    expect(s.status).toBe('running');
    s = run(s, 10, { run: true, speedPct: 100, systemK: Infinity }).state;
    expect(s.status).toBe('tripped');
    expect(s.tripReason).toBe('low-flow');
    s = run(s, 1, { run: true, speedPct: 100, systemK: 0.002 }).state;
    expect(s.status).toBe('tripped');
    s = run(s, 0.2, { run: false, speedPct: 100 }).state;
    expect(s.status).toBe('stopped');
    s = run(s, 30, { run: true, speedPct: 100, systemK: 0.002 }).state;
    expect(s.status).toBe('running');
  });

  it('trips on dry running and on an external trip', () => {
    let s = run(pumpInitial(), 30, { run: true, speedPct: 100, systemK: 0.002 }).state;
    s = run(s, 8, { run: true, speedPct: 100, systemK: 0.002, suction: false }).state;
    expect(s.tripReason).toBe('dry-run');
    let t = run(pumpInitial(true, 100, 60), 0.2, { run: true, speedPct: 100, trip: true }).state;
    expect(t.status).toBe('tripped');
    t = run(t, 0.2, { run: true, speedPct: 100, reset: true }).state;
    expect(t.status).toBe('running');
  });

  it('does not trip during start-up grace', () => {
    const s = run(pumpInitial(), 12, { run: true, speedPct: 100, systemK: Infinity }).state;
    expect(s.status).toBe('running');
  });

  it('meters flow in proportion to speed', () => {
    const m: PumpParams = { kind: 'metering', bepLh: 2, rampS: 1, tauS: 1 };
    let s = pumpInitial();
    for (let i = 0; i < 300; i++) s = pumpStep(m, s, { run: true, speedPct: 40 }, 0.1).state;
    expect(s.flowLh).toBeCloseTo(0.8, 6);
  });
});
