import { describe, expect, it } from 'vitest';
import { alarmDef, Harness } from './alarm-def.fixture.js';
import { AlarmEngine } from './engine.js';
import type { AlarmCommandError } from './errors.js';

const defs = () => [
  alarmDef({ id: 'LT-1.LL', type: 'LL', limit: 5 }),
  alarmDef({ id: 'LT-1.L', type: 'L', limit: 10 }),
  alarmDef({ id: 'LT-1.H', type: 'H', limit: 80, deadband: 1 }),
  alarmDef({ id: 'LT-1.HH', type: 'HH', limit: 90 }),
  alarmDef({ id: 'LT-1.ROC', type: 'ROC', limit: 5 }),
  alarmDef({ id: 'LSH-1.DISCRETE', type: 'DISCRETE', activeWhen: true, limit: undefined }),
];
const who = { user: 'eng1', reason: 'new vessel lining' };
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (err) {
    return (err as AlarmCommandError).code;
  }
  return undefined;
};

describe('alarm settings changes (requirement 1.7)', () => {
  it('moves a limit: the alarm follows the new limit and the change is journaled with old, new and reason', () => {
    const h = new Harness(defs());
    h.set('LT-1', 75).tick();
    expect(h.state('LT-1.H')).toBe('Normal');
    const [event] = h.do((e, now) => e.changeSettings('LT-1.H', { limit: 70 }, who, now));
    expect(event).toMatchObject({
      kind: 'settings-change',
      alarmId: 'LT-1.H',
      user: 'eng1',
      comment: 'limit 80 -> 70: new vessel lining',
    });
    h.tick();
    expect(h.state('LT-1.H')).toBe('Unack-Active');
    expect(h.alarm('LT-1.H').limit).toBe(70);
    expect(h.engine.definition('LT-1.H')).toMatchObject({ limit: 70, deadband: 1 });
  });

  it('changes deadband and delays, and keeps every change across toJSON', () => {
    const h = new Harness(defs());
    h.do((e, now) => e.changeSettings('LT-1.H', { deadband: 2, onDelayS: 30 }, who, now));
    h.do((e, now) => e.changeSettings('LT-1.H', { limit: 82 }, who, now));
    const state = h.engine.toJSON();
    expect(state.settings).toEqual({ 'LT-1.H': { deadband: 2, onDelayS: 30, limit: 82 } });
    const again = new AlarmEngine(defs(), {}, state);
    expect(again.definition('LT-1.H')).toMatchObject({ limit: 82, deadband: 2, onDelayS: 30 });
    expect(again.definition('LT-1.HH')).toMatchObject({ limit: 90 });
  });

  it('refuses limits out of order, negative deadbands, long delays, non-finite values and alarms without a limit', () => {
    const h = new Harness(defs());
    const change = (id: string, s: object) => () => h.engine.changeSettings(id, s, who, h.now);
    expect(codeOf(change('LT-1.H', { limit: 95 }))).toBe('Bad_OutOfRange'); // above HH
    expect(codeOf(change('LT-1.L', { limit: 4 }))).toBe('Bad_OutOfRange'); // below LL
    expect(codeOf(change('LT-1.HH', { limit: 80 }))).toBe('Bad_OutOfRange'); // equal to H
    expect(codeOf(change('LT-1.H', { deadband: -1 }))).toBe('Bad_OutOfRange');
    expect(codeOf(change('LT-1.H', { onDelayS: 3601 }))).toBe('Bad_OutOfRange');
    expect(codeOf(change('LT-1.H', { limit: Number.NaN }))).toBe('Bad_OutOfRange');
    expect(codeOf(change('LT-1.ROC', { limit: 0 }))).toBe('Bad_OutOfRange');
    expect(codeOf(change('LSH-1.DISCRETE', { limit: 1 }))).toBe('Bad_OutOfRange');
    expect(codeOf(change('NOPE.H', { limit: 1 }))).toBe('Bad_NodeIdUnknown');
    expect(codeOf(change('LT-1.H', { limit: 80 }))).toBe('Bad_InvalidState'); // nothing changes
    // Nothing of the refused changes stuck.
    expect(h.engine.definition('LT-1.H')).toMatchObject({ limit: 80, deadband: 1, onDelayS: 0 });
    expect(h.engine.toJSON().settings).toBeUndefined();
    // A move that keeps the order is fine, also for the rate-of-change alarm.
    expect(codeOf(change('LT-1.HH', { limit: 85 }))).toBeUndefined();
    expect(codeOf(change('LT-1.ROC', { limit: 2.5 }))).toBeUndefined();
  });
});
