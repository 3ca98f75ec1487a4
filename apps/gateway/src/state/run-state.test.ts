import { randomBytes } from 'node:crypto';
import { ManualClock } from '@zld/tags';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditStore } from '../audit/audit-store.js';
import { RunState } from './run-state.js';
import { StateStore } from './state-store.js';

/** The data dir's audit key (the same for every run, as the gateway's key file is). */
const KEY = randomBytes(32);

const T0 = Date.parse('2026-03-01T06:00:00Z');
let dir: string;
let closers: (() => void)[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zld-run-'));
  closers = [];
});
afterEach(() => {
  for (const c of closers) c();
  rmSync(dir, { recursive: true, force: true });
});

/** One run of the gateway over the data dir: its state store, audit and a recorder of gap markers. */
function run(clock: ManualClock) {
  const state = new StateStore(join(dir, 'state.sqlite'));
  const audit = new AuditStore({ path: join(dir, 'audit.sqlite'), clock, key: KEY });
  closers.push(
    () => state.close(),
    () => audit.close(),
  );
  const gaps: number[] = [];
  const rs = new RunState({
    state,
    audit,
    wall: clock,
    historyClock: clock,
    historyIsWall: true,
    info: { version: '1.2.3', plantId: 'pilot', plantVersion: '7' },
    markGap: (at) => gaps.push(at),
    heartbeatMs: 5000,
  });
  const actions = () => audit.query({ from: 0, to: Number.MAX_SAFE_INTEGER, limit: 100 });
  return { rs, gaps, actions };
}

describe('the run state', () => {
  it('audits start and stop, and marks the downtime after a clean stop at the stop time', () => {
    const clock = new ManualClock(T0);
    const first = run(clock);
    first.rs.start();
    expect(first.gaps).toEqual([]); // a first start has no previous run
    clock.advance(60_000);
    first.rs.stopReason = 'SIGTERM';
    first.rs.stop();
    const stopAt = clock.now();
    clock.advance(3_600_000);
    const second = run(clock);
    second.rs.start();
    expect(second.gaps).toEqual([stopAt]);
    const records = second.actions();
    expect(records.map((r) => r.action)).toEqual([
      'gateway-start',
      'gateway-stop',
      'gateway-start',
    ]);
    expect(records[0]).toMatchObject({
      category: 'system',
      outcome: 'success',
      newValue: { version: '1.2.3', plant: 'pilot', plantVersion: '7' },
    });
    expect(records[1]).toMatchObject({ reason: 'SIGTERM', details: { upS: 60 } });
  });

  it('after a kill audits an unclean stop with the last heartbeat and marks the end of its period', () => {
    const clock = new ManualClock(T0);
    const first = run(clock);
    first.rs.start();
    clock.advance(1000);
    first.rs.heartbeat(); // what the timer writes every 5 s

    const lastAlive = clock.now();
    clock.advance(600_000); // killed: no stop
    const second = run(clock);
    second.rs.start();
    expect(second.gaps).toEqual([lastAlive + 5000]);
    const records = second.actions();
    expect(records.map((r) => r.action)).toEqual([
      'gateway-start',
      'unclean-stop',
      'gateway-start',
    ]);
    expect(records[1]).toMatchObject({
      category: 'system',
      outcome: 'failure',
      details: { lastAlive: new Date(lastAlive).toISOString(), downS: 600 },
    });
  });

  it('never puts the marker after the new start (a restart within one heartbeat period)', () => {
    const clock = new ManualClock(T0);
    run(clock).rs.start();
    clock.advance(2000);
    const second = run(clock);
    second.rs.start();
    expect(second.gaps).toEqual([clock.now() - 1]);
  });
});
