// Requirement 1.19: an alarm on Bad or Uncertain inputs shows that quality and never silently returns to normal.
import { describe, expect, it } from 'vitest';
import { alarmDef, Harness } from './alarm-def.fixture.js';

const H = 'FY-903.H';
const DIRECT = 'ZLD-DISCHARGE';

const harness = () =>
  new Harness([
    alarmDef({ id: H, limit: 2, deadband: 0.1, offDelayS: 5 }),
    alarmDef({
      id: DIRECT,
      type: 'DIRECT',
      tag: 'FT-901',
      priority: 'critical',
      when: {
        any: [
          { tag: 'FT-901', op: 'gt', value: 0.2, forS: 0 },
          { tag: 'ZSC-901', op: 'eq', value: false, forS: 0 },
        ],
      },
    }),
  ]);

describe('alarm quality (requirement 1.19)', () => {
  it('an active alarm whose input goes Bad holds, says so, and clears only after Good values', () => {
    const h = harness();
    h.set('FY-903', 3).tick();
    expect(h.state(H)).toBe('Unack-Active');
    const [q] = h.set('FY-903', null, 'Bad_CommunicationError').advance(1);
    expect(q).toMatchObject({
      kind: 'quality',
      quality: 'Bad_CommunicationError',
      value: null,
      to: 'Unack-Active',
    });
    expect(h.alarm(H)).toMatchObject({
      quality: 'Bad_CommunicationError',
      questionable: true,
      active: true,
    });
    h.advance(600);
    expect(h.state(H)).toBe('Unack-Active');
    h.set('FY-903', 1, 'Uncertain_LastUsableValue').advance(600);
    expect(h.alarm(H)).toMatchObject({
      state: 'Unack-Active',
      quality: 'Uncertain_LastUsableValue',
      questionable: true,
    });
    h.set('FY-903', 1).tick(); // good and clear: the off-delay starts now
    h.advance(4);
    expect(h.alarm(H)).toMatchObject({
      state: 'Unack-Active',
      quality: 'Good',
      questionable: false,
    });
    h.advance(1);
    expect(h.state(H)).toBe('RTN-Unack');
  });

  it('an Uncertain value above the limit still raises the alarm, marked questionable', () => {
    const h = harness();
    h.set('FY-903', 1).tick();
    const [ev] = h.set('FY-903', 2.5, 'Uncertain_SubNormal').advance(1);
    expect(ev).toMatchObject({ kind: 'activate', quality: 'Uncertain_SubNormal' });
    expect(h.alarm(H).questionable).toBe(true);
  });

  it('a Bad input cannot raise an alarm, and a Normal alarm journals no quality noise', () => {
    const h = harness();
    h.set('FY-903', 1).tick();
    h.set('FY-903', null, 'Bad_NoCommunication').advance(5);
    expect(h.journal).toEqual([]);
    expect(h.alarm(H)).toMatchObject({
      state: 'Normal',
      quality: 'Bad_NoCommunication',
      questionable: true,
    });
  });

  it('a direct ZLD alarm holds while the input that kept it active is Bad', () => {
    const h = harness();
    h.set('FT-901', 0.5).set('ZSC-901', true).tick();
    expect(h.state(DIRECT)).toBe('Unack-Active');
    h.set('FT-901', null, 'Bad_CommunicationError').advance(10);
    expect(h.alarm(DIRECT)).toMatchObject({
      state: 'Unack-Active',
      quality: 'Bad_CommunicationError',
    });
    h.set('FT-901', 0).advance(1);
    expect(h.alarm(DIRECT)).toMatchObject({ state: 'RTN-Unack', quality: 'Good' });
  });

  it('a direct alarm decided by a good branch is good even when another input is Bad', () => {
    const h = harness();
    h.set('FT-901', null, 'Bad_NoCommunication').set('ZSC-901', false).tick();
    expect(h.alarm(DIRECT)).toMatchObject({ state: 'Unack-Active', quality: 'Good', value: null });
  });

  it('a reading beyond the range (Uncertain_EngineeringUnitsExceeded) raises the high alarms after their on-delay, questionable; a garbage low reading cannot clear them', () => {
    const over = 'Uncertain_EngineeringUnitsExceeded' as const;
    const h = new Harness([
      alarmDef({ id: 'LT-402.HH', type: 'HH', limit: 95, onDelayS: 2, priority: 'high' }),
      alarmDef({ id: 'LT-402.H', limit: 85 }),
    ]);
    h.set('LT-402', 50).tick();
    // Over the transmitter's span (its range is [0, 100]): the level is past HH, or the instrument failed.
    h.set('LT-402', 103.2, over).tick();
    expect(h.state('LT-402.H')).toBe('Unack-Active');
    expect(h.state('LT-402.HH')).toBe('Normal'); // its on-delay runs on Uncertain readings too
    h.advance(2);
    expect(h.alarm('LT-402.HH')).toMatchObject({
      state: 'Unack-Active',
      quality: over,
      questionable: true,
    });
    // A decoding mistake reads far below the range: questionable data never clears an alarm.
    h.set('LT-402', -8.8e32, over).advance(600);
    expect(h.state('LT-402.HH')).toBe('Unack-Active');
    expect(h.state('LT-402.H')).toBe('Unack-Active');
    h.set('LT-402', 50).advance(1);
    expect(h.state('LT-402.HH')).toBe('RTN-Unack');
  });
});
