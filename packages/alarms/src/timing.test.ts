import { describe, expect, it } from 'vitest';
import { alarmDef, Harness } from './alarm-def.fixture.js';
import { stepTiming } from './timing.js';

const ID = 'FT-001.H';

describe('on-delay and off-delay (requirement 1.9, fake clock)', () => {
  const delayed = () =>
    new Harness([alarmDef({ id: ID, limit: 5, deadband: 0.2, onDelayS: 5, offDelayS: 10 })]).set(
      'FT-001',
      3,
    );

  it('a spike shorter than the on-delay raises no alarm', () => {
    const h = delayed();
    h.tick();
    h.set('FT-001', 7).advance(4);
    h.set('FT-001', 3).advance(10);
    expect(h.journal).toEqual([]);
    expect(h.state(ID)).toBe('Normal');
  });

  it('a condition held for the whole on-delay activates exactly when it ends', () => {
    const h = delayed();
    h.tick();
    const start = h.now;
    h.set('FT-001', 7).tick();
    h.advance(4);
    expect(h.state(ID)).toBe('Normal');
    h.advance(1);
    expect(h.state(ID)).toBe('Unack-Active');
    expect(h.journal[0]).toMatchObject({ kind: 'activate', ts: start + 5000 });
    expect(h.alarm(ID).activeSince).toBe(new Date(start + 5000).toISOString());
  });

  it('an active alarm clears only after the value stays normal for the whole off-delay', () => {
    const h = delayed();
    h.set('FT-001', 7).tick();
    h.advance(5);
    expect(h.state(ID)).toBe('Unack-Active');
    const clearStart = h.now;
    h.set('FT-001', 3).advance(9);
    h.set('FT-001', 6).advance(1); // back in alarm: the off-delay restarts
    h.set('FT-001', 3).tick(); // the off-delay starts again now
    h.advance(9);
    expect(h.state(ID)).toBe('Unack-Active');
    h.advance(1);
    expect(h.state(ID)).toBe('RTN-Unack');
    expect(h.journal.map((e) => e.kind)).toEqual(['activate', 'clear']);
    expect(h.journal[1]?.ts).toBe(clearStart + 20_000);
  });
});

describe('stepTiming', () => {
  const def = { onDelayS: 2, offDelayS: 3, latched: false };
  it.each([
    ['inactive, condition starts', false, null, null, true, 'Good', 0, null, 0, null],
    ['inactive, on-delay running', false, 0, null, true, 'Good', 1000, null, 0, null],
    ['inactive, on-delay done', false, 0, null, true, 'Good', 2000, 'activate', null, null],
    [
      'inactive, Uncertain may activate',
      false,
      0,
      null,
      true,
      'Uncertain',
      2000,
      'activate',
      null,
      null,
    ],
    [
      'inactive, unknown cancels on-delay',
      false,
      0,
      null,
      null,
      'Bad_NoCommunication',
      1000,
      null,
      null,
      null,
    ],
    ['active, clear starts off-delay', true, null, null, false, 'Good', 0, null, null, 0],
    ['active, off-delay done', true, null, 0, false, 'Good', 3000, 'clear', null, null],
    ['active, Uncertain false holds', true, null, 0, false, 'Uncertain', 3000, null, null, null],
    ['active, Bad holds', true, null, 0, null, 'Bad_CommunicationError', 3000, null, null, null],
    ['active, condition back', true, null, 0, true, 'Good', 2000, null, null, null],
  ] as const)(
    '%s',
    (
      _label,
      active,
      pendingSince,
      clearingSince,
      truth,
      quality,
      now,
      change,
      pending,
      clearing,
    ) => {
      const r = stepTiming(
        def,
        { active, pendingSince, clearingSince },
        { truth, quality, value: 0 },
        now,
      );
      expect(r).toEqual({ change, pendingSince: pending, clearingSince: clearing });
    },
  );

  it('a latching alarm never clears by itself', () => {
    const r = stepTiming(
      { onDelayS: 0, offDelayS: 0, latched: true },
      { active: true, pendingSince: null, clearingSince: null },
      { truth: false, quality: 'Good', value: 0 },
      10_000,
    );
    expect(r.change).toBeNull();
  });
});
