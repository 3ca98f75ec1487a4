import { describe, expect, it } from 'vitest';
import { alarmDef, Harness } from './alarm-def.fixture.js';
import { inLimitRegion } from './limit.js';

describe('inLimitRegion (requirement 1.8)', () => {
  it.each([
    // high, limit, deadband, x, wasIn, expected
    [true, 80, 2, 79.9, false, false],
    [true, 80, 2, 80, false, true],
    [true, 80, 2, 78.5, true, true],
    [true, 80, 2, 78, true, true],
    [true, 80, 2, 77.99, true, false],
    [false, 20, 1, 20.1, false, false],
    [false, 20, 1, 20, false, true],
    [false, 20, 1, 20.9, true, true],
    [false, 20, 1, 21, true, true],
    [false, 20, 1, 21.01, true, false],
    [true, 80, 0, 79.99, true, false],
  ])('high=%s limit %s db %s: x=%s wasIn=%s -> %s', (high, limit, db, x, wasIn, want) => {
    expect(inLimitRegion(high, limit, db, x, wasIn)).toBe(want);
  });
});

describe('limit alarms with deadband', () => {
  it('noise crossing a HI limit by less than the deadband gives exactly one activation', () => {
    const h = new Harness([alarmDef({ id: 'LT-001.H', limit: 80, deadband: 2 })]);
    const noise = [79, 80.5, 79.2, 80.1, 78.5, 81, 78.1, 80, 79.9, 78.3];
    for (const v of noise) h.set('LT-001', v).advance(1);
    const kinds = h.journal.map((e) => e.kind);
    expect(kinds).toEqual(['activate']);
    h.set('LT-001', 77.9).advance(1);
    expect(h.journal.map((e) => e.kind)).toEqual(['activate', 'clear']);
  });

  it('noise around a LO limit gives one activation and clears above limit + deadband', () => {
    const h = new Harness([alarmDef({ id: 'LT-002.L', type: 'L', limit: 20, deadband: 1 })]);
    for (const v of [21, 19.9, 20.5, 19.5, 20.9, 20.2]) h.set('LT-002', v).advance(1);
    expect(h.journal.map((e) => e.kind)).toEqual(['activate']);
    h.set('LT-002', 21.1).advance(1);
    expect(h.journal.map((e) => e.kind)).toEqual(['activate', 'clear']);
  });

  it('LL and HH are independent alarms on the same tag, each with its own deadband', () => {
    const h = new Harness([
      alarmDef({ id: 'LT-003.H', type: 'H', limit: 80, deadband: 2 }),
      alarmDef({ id: 'LT-003.HH', type: 'HH', limit: 90, deadband: 1 }),
      alarmDef({ id: 'LT-003.LL', type: 'LL', limit: 10, deadband: 1 }),
    ]);
    h.set('LT-003', 91).advance(1);
    expect([h.state('LT-003.H'), h.state('LT-003.HH'), h.state('LT-003.LL')]).toEqual([
      'Unack-Active',
      'Unack-Active',
      'Normal',
    ]);
    h.set('LT-003', 88.5).advance(1);
    expect(h.state('LT-003.HH')).toBe('RTN-Unack');
    expect(h.state('LT-003.H')).toBe('Unack-Active');
    h.set('LT-003', 5).advance(1);
    expect(h.state('LT-003.LL')).toBe('Unack-Active');
  });
});
