import { describe, expect, it } from 'vitest';
import { alarmDef, Harness } from './alarm-def.fixture.js';
import { isAnnunciation } from './annunciations.js';
import type { AlarmCommandError } from './errors.js';
import {
  oneShotShelve,
  shelvingExpired,
  timedShelve,
  unshelve,
  unshelveTimeMs,
} from './shelving.js';
import { initialAlarmState } from './state.js';

const MIN = 60_000;
const ID = 'LT-001.H';
const harness = () =>
  new Harness([alarmDef({ id: ID, limit: 80 })], { maxShelveMs: 60 * MIN }).set('LT-001', 50);

describe('shelving rules (requirements 1.4, 1.5)', () => {
  const st = initialAlarmState(ID);
  const req = { user: 'op1', reason: 'r' };
  const codeOf = (f: () => unknown) => {
    try {
      f();
    } catch (err) {
      return (err as AlarmCommandError).code;
    }
    return null;
  };

  it('checks "already shelved" before the duration, like node-opcua', () => {
    const shelved = { ...st, shelving: 'TimedShelved' as const };
    expect(codeOf(() => timedShelve(shelved, { ...req, durationMs: 999 * MIN }, 0, 60 * MIN))).toBe(
      'Bad_ConditionAlreadyShelved',
    );
    expect(codeOf(() => timedShelve(st, { ...req, durationMs: 60 * MIN + 1 }, 0, 60 * MIN))).toBe(
      'Bad_ShelvingTimeOutOfRange',
    );
    expect(codeOf(() => timedShelve(st, { ...req, durationMs: -1 }, 0, 60 * MIN))).toBe(
      'Bad_ShelvingTimeOutOfRange',
    );
    expect(timedShelve(st, { ...req, durationMs: 60 * MIN }, 5, 60 * MIN)).toMatchObject({
      shelving: 'TimedShelved',
      shelvedAt: 5,
      unshelveAt: 5 + 60 * MIN,
    });
  });

  it('allows one-shot from timed shelving, never one-shot twice, and unshelve only when shelved', () => {
    const timed = { ...st, shelving: 'TimedShelved' as const };
    expect(oneShotShelve(timed, req, 0, 60 * MIN)).toMatchObject({
      shelving: 'OneShotShelved',
      unshelveAt: 60 * MIN,
    });
    expect(
      codeOf(() => oneShotShelve({ ...st, shelving: 'OneShotShelved' }, req, 0, 60 * MIN)),
    ).toBe('Bad_ConditionAlreadyShelved');
    expect(codeOf(() => unshelve(st))).toBe('Bad_ConditionNotShelved');
    expect(unshelve(timed).shelving).toBe('Unshelved');
  });

  it('UnshelveTime counts down to 0 and the alarm unshelves by itself at 0', () => {
    const h = harness();
    h.tick();
    h.do((e, now) => e.timedShelve(ID, { user: 'op1', reason: 'work', durationMs: 10 * MIN }, now));
    const left: (number | null)[] = [];
    for (let m = 0; m < 10; m++) {
      h.advance(60, 60);
      left.push(h.alarm(ID).unshelveTimeMs);
    }
    expect(left).toEqual(
      [9, 8, 7, 6, 5, 4, 3, 2, 1, null].map((m) => (m === null ? null : m * MIN)),
    );
    expect(h.state(ID)).toBe('Normal');
    expect(h.journal.map((e) => e.kind)).toEqual(['shelve', 'auto-unshelve']);
    expect(h.journal[1]?.ts).toBe(h.journal[0]!.ts + 10 * MIN);
    expect(shelvingExpired({ shelving: 'TimedShelved', unshelveAt: 10 }, 10)).toBe(true);
    expect(unshelveTimeMs({ shelving: 'TimedShelved', unshelveAt: 10 }, 30)).toBe(0);
  });

  it('one-shot shelving ends when the alarm next returns to inactive', () => {
    const h = harness();
    h.tick();
    h.do((e, now) => e.oneShotShelve(ID, { user: 'op1', reason: 'expected during start-up' }, now));
    h.set('LT-001', 90).advance(60); // activates while shelved: not annunciated
    expect(h.alarm(ID)).toMatchObject({ state: 'Shelved', active: true, annunciated: false });
    h.set('LT-001', 50).advance(1);
    expect(h.alarm(ID)).toMatchObject({ state: 'RTN-Unack', shelving: 'Unshelved' });
    expect(h.journal.map((e) => e.kind)).toEqual([
      'one-shot-shelve',
      'activate',
      'clear',
      'auto-unshelve',
    ]);
  });

  it('one-shot shelving never lasts longer than the maximum', () => {
    const h = harness();
    h.set('LT-001', 90).tick();
    h.do((e, now) => e.oneShotShelve(ID, { user: 'op1', reason: 'r' }, now));
    h.advance(59 * 60, 60);
    expect(h.state(ID)).toBe('Shelved');
    h.advance(60, 60);
    expect(h.state(ID)).toBe('Unack-Active');
  });
});

describe('hidden alarms are still evaluated and journaled (requirement 1.6)', () => {
  it('a shelved alarm records its activations and clears, flagged as not annunciated', () => {
    const h = harness();
    h.tick();
    h.do((e, now) => e.timedShelve(ID, { user: 'op1', reason: 'r', durationMs: 30 * MIN }, now));
    h.set('LT-001', 90).advance(1);
    h.set('LT-001', 50).advance(1);
    const [act, clr] = h.journal.slice(1);
    expect(act).toMatchObject({
      kind: 'activate',
      from: 'Shelved',
      to: 'Shelved',
      flags: { active: true, shelving: 'TimedShelved' },
    });
    expect(clr).toMatchObject({ kind: 'clear', flags: { active: false } });
    h.do((e, now) => e.unshelve(ID, { user: 'op1' }, now));
    expect(h.state(ID)).toBe('RTN-Unack');
  });

  it('suppressed and out-of-service alarms journal their activations too, none of them annunciated', () => {
    const h = new Harness([
      alarmDef({
        id: 'FT-606.L',
        type: 'L',
        limit: 2,
        suppressWhen: { tag: 'P-605.CMD', op: 'eq', value: false, forS: 0 },
      }),
      alarmDef({ id: 'LT-001.H', limit: 80 }),
    ]);
    h.set('FT-606', 5).set('P-605.CMD', false).set('LT-001', 50).tick();
    h.do((e, now) =>
      e.removeFromService('LT-001.H', { user: 'eng', reason: 'transmitter replaced' }, now),
    );
    h.set('FT-606', 0).set('LT-001', 95).advance(1);
    const acts = h.journal.filter((e) => e.kind === 'activate');
    expect(acts.map((e) => [e.alarmId, e.to])).toEqual([
      ['FT-606.L', 'Suppressed'],
      ['LT-001.H', 'Out-of-service'],
    ]);
    expect(acts.map((e) => isAnnunciation(e))).toEqual([false, false]);
    expect(h.engine.list().map((a) => [a.id, a.annunciated])).toEqual([
      ['FT-606.L', false],
      ['LT-001.H', false],
    ]);
  });
});
