// Walks every transition of the ISA-18.2 state model (requirement 1.1) on a real engine with a fake clock.
import { describe, expect, it } from 'vitest';
import { alarmDef, Harness } from './alarm-def.fixture.js';
import { AlarmCommandError, type AlarmErrorCode } from './errors.js';
import { ISA_STATES, type IsaState } from './state.js';

const MIN = 60_000;
const X = 'LT-001.H';
const L = 'LT-002.H'; // latching

function harness(): Harness {
  const h = new Harness(
    [
      alarmDef({
        id: X,
        limit: 80,
        reAlarmS: 600,
        suppressWhen: { tag: 'P-001.RUN', op: 'eq', value: false, forS: 0 },
      }),
      alarmDef({ id: L, limit: 80, latched: true }),
    ],
    { maxShelveMs: 60 * MIN },
  );
  h.set('LT-001', 50).set('LT-002', 50).set('P-001.RUN', true).tick();
  return h;
}

const on = (h: Harness) => h.set('LT-001', 90).tick();
const off = (h: Harness) => h.set('LT-001', 50).tick();
const ack = (h: Harness) => h.do((e, now) => e.ack(X, { user: 'op1', comment: 'seen' }, now));
const shelve = (h: Harness) =>
  h.do((e, now) =>
    e.timedShelve(X, { user: 'op1', reason: 'valve work', durationMs: 10 * MIN }, now),
  );
const oneShot = (h: Harness) =>
  h.do((e, now) => e.oneShotShelve(X, { user: 'op1', reason: 'known' }, now));
const remove = (h: Harness) =>
  h.do((e, now) => e.removeFromService(X, { user: 'eng', reason: 'LT-001 calibration' }, now));
const suppress = (h: Harness) => h.set('P-001.RUN', false).tick();

/** How to reach each starting state (on alarm X unless the label says "latched"). */
const SETUP: Record<string, (h: Harness) => unknown> = {
  Normal: () => undefined,
  'Unack-Active': on,
  'Ack-Active': (h) => (on(h), ack(h)),
  'RTN-Unack': (h) => (on(h), off(h)),
  'Shelved (timed, inactive)': shelve,
  'Shelved (timed, active unacked)': (h) => (on(h), shelve(h)),
  'Shelved (one-shot, active unacked)': (h) => (on(h), oneShot(h)),
  'Shelved (one-shot, active acked)': (h) => (on(h), ack(h), oneShot(h)),
  'Suppressed (inactive)': suppress,
  'Suppressed (active unacked)': (h) => (suppress(h), on(h)),
  'Out-of-service (inactive)': remove,
  'Out-of-service (active unacked)': (h) => (on(h), remove(h)),
  'Unack-Active (latched)': (h) => h.set('LT-002', 90).tick(),
  'Ack-Active (latched)': (h) => {
    h.set('LT-002', 90).tick();
    h.do((e, now) => e.ack(L, { user: 'op1' }, now));
  },
  'Unack-Active (latched, condition clear)': (h) => {
    h.set('LT-002', 90).tick();
    h.set('LT-002', 50).tick();
  },
  'Ack-Active (latched, condition clear)': (h) => {
    h.set('LT-002', 90).tick();
    h.do((e, now) => e.ack(L, { user: 'op1' }, now));
    h.set('LT-002', 50).tick();
  },
};

const EVENT: Record<string, (h: Harness) => unknown> = {
  'condition on': on,
  'condition off': off,
  ack,
  'ack old EventId': (h) =>
    h.do((e, now) => e.ack(X, { user: 'op1', eventId: h.alarm(X).eventId - 1 }, now)),
  'ack unknown id': (h) => h.do((e, now) => e.ack('NOPE.H', { user: 'op1' }, now)),
  'timed shelve': shelve,
  'timed shelve over max': (h) =>
    h.do((e, now) => e.timedShelve(X, { user: 'op1', reason: 'r', durationMs: 61 * MIN }, now)),
  'timed shelve 0 min': (h) =>
    h.do((e, now) => e.timedShelve(X, { user: 'op1', reason: 'r', durationMs: 0 }, now)),
  'one-shot shelve': oneShot,
  unshelve: (h) => h.do((e, now) => e.unshelve(X, { user: 'op1' }, now)),
  'shelve time runs out': (h) => h.advance(11 * 60, 60),
  'suppress by design': suppress,
  'unsuppress by design': (h) => h.set('P-001.RUN', true).tick(),
  'remove from service': remove,
  'return to service': (h) => h.do((e, now) => e.returnToService(X, { user: 'eng' }, now)),
  're-alarm time passes': (h) => h.advance(600, 60),
  reset: (h) => h.do((e, now) => e.reset(X, { user: 'eng' }, now)),
  'latched: condition off': (h) => h.set('LT-002', 50).tick(),
  'latched: ack': (h) => h.do((e, now) => e.ack(L, { user: 'op1' }, now)),
  'latched: reset': (h) => h.do((e, now) => e.reset(L, { user: 'eng', reason: 'checked' }, now)),
};

type Row = [from: string, event: string, to: IsaState, error: AlarmErrorCode | null];

const TABLE: Row[] = [
  ['Normal', 'condition on', 'Unack-Active', null],
  ['Normal', 'condition off', 'Normal', null],
  ['Normal', 'ack', 'Normal', 'Bad_ConditionBranchAlreadyAcked'],
  ['Normal', 'ack unknown id', 'Normal', 'Bad_EventIdUnknown'],
  ['Normal', 'timed shelve', 'Shelved', null],
  ['Normal', 'timed shelve over max', 'Normal', 'Bad_ShelvingTimeOutOfRange'],
  ['Normal', 'timed shelve 0 min', 'Normal', 'Bad_ShelvingTimeOutOfRange'],
  ['Normal', 'one-shot shelve', 'Shelved', null],
  ['Normal', 'unshelve', 'Normal', 'Bad_ConditionNotShelved'],
  ['Normal', 'suppress by design', 'Suppressed', null],
  ['Normal', 'remove from service', 'Out-of-service', null],
  ['Normal', 'return to service', 'Normal', 'Bad_InvalidState'],
  ['Normal', 'reset', 'Normal', 'Bad_InvalidState'],
  ['Unack-Active', 'condition on', 'Unack-Active', null],
  ['Unack-Active', 'condition off', 'RTN-Unack', null],
  ['Unack-Active', 'ack', 'Ack-Active', null],
  ['Unack-Active', 'ack old EventId', 'Unack-Active', 'Bad_EventIdUnknown'],
  ['Unack-Active', 'timed shelve', 'Shelved', null],
  ['Unack-Active', 'one-shot shelve', 'Shelved', null],
  ['Unack-Active', 'suppress by design', 'Suppressed', null],
  ['Unack-Active', 'remove from service', 'Out-of-service', null],
  ['Ack-Active', 'condition off', 'Normal', null],
  ['Ack-Active', 'ack', 'Ack-Active', 'Bad_ConditionBranchAlreadyAcked'],
  ['Ack-Active', 're-alarm time passes', 'Unack-Active', null],
  ['Ack-Active', 'timed shelve', 'Shelved', null],
  ['Ack-Active', 'suppress by design', 'Suppressed', null],
  ['Ack-Active', 'remove from service', 'Out-of-service', null],
  ['RTN-Unack', 'ack', 'Normal', null],
  ['RTN-Unack', 'condition on', 'Unack-Active', null],
  ['RTN-Unack', 'timed shelve', 'Shelved', null],
  ['RTN-Unack', 'suppress by design', 'Suppressed', null],
  ['RTN-Unack', 'remove from service', 'Out-of-service', null],
  ['Shelved (timed, inactive)', 'unshelve', 'Normal', null],
  ['Shelved (timed, inactive)', 'shelve time runs out', 'Normal', null],
  ['Shelved (timed, inactive)', 'timed shelve', 'Shelved', 'Bad_ConditionAlreadyShelved'],
  ['Shelved (timed, inactive)', 'one-shot shelve', 'Shelved', null],
  ['Shelved (timed, inactive)', 'condition on', 'Shelved', null],
  ['Shelved (timed, inactive)', 'suppress by design', 'Shelved', null],
  ['Shelved (timed, inactive)', 'remove from service', 'Out-of-service', null],
  ['Shelved (timed, active unacked)', 'unshelve', 'Unack-Active', null],
  ['Shelved (timed, active unacked)', 'shelve time runs out', 'Unack-Active', null],
  ['Shelved (timed, active unacked)', 'ack', 'Shelved', null],
  ['Shelved (timed, active unacked)', 'condition off', 'Shelved', null],
  ['Shelved (one-shot, active unacked)', 'condition off', 'RTN-Unack', null],
  [
    'Shelved (one-shot, active unacked)',
    'one-shot shelve',
    'Shelved',
    'Bad_ConditionAlreadyShelved',
  ],
  ['Shelved (one-shot, active unacked)', 'timed shelve', 'Shelved', 'Bad_ConditionAlreadyShelved'],
  ['Shelved (one-shot, active acked)', 'condition off', 'Normal', null],
  ['Shelved (one-shot, active acked)', 'unshelve', 'Ack-Active', null],
  ['Suppressed (inactive)', 'unsuppress by design', 'Normal', null],
  ['Suppressed (inactive)', 'condition on', 'Suppressed', null],
  ['Suppressed (inactive)', 'timed shelve', 'Shelved', null],
  ['Suppressed (inactive)', 'remove from service', 'Out-of-service', null],
  ['Suppressed (active unacked)', 'unsuppress by design', 'Unack-Active', null],
  ['Suppressed (active unacked)', 'condition off', 'Suppressed', null],
  ['Suppressed (active unacked)', 'ack', 'Suppressed', null],
  ['Out-of-service (inactive)', 'return to service', 'Normal', null],
  ['Out-of-service (inactive)', 'remove from service', 'Out-of-service', 'Bad_InvalidState'],
  ['Out-of-service (inactive)', 'condition on', 'Out-of-service', null],
  ['Out-of-service (inactive)', 'timed shelve', 'Out-of-service', null],
  ['Out-of-service (active unacked)', 'return to service', 'Unack-Active', null],
  ['Out-of-service (active unacked)', 'ack', 'Out-of-service', null],
  ['Out-of-service (active unacked)', 'condition off', 'Out-of-service', null],
  ['Unack-Active (latched)', 'latched: condition off', 'Unack-Active', null],
  ['Unack-Active (latched)', 'latched: reset', 'Unack-Active', 'Bad_InvalidState'],
  ['Unack-Active (latched)', 'latched: ack', 'Ack-Active', null],
  ['Ack-Active (latched)', 'latched: condition off', 'Ack-Active', null],
  ['Unack-Active (latched, condition clear)', 'latched: reset', 'RTN-Unack', null],
  ['Unack-Active (latched, condition clear)', 'latched: ack', 'Ack-Active', null],
  ['Ack-Active (latched, condition clear)', 'latched: reset', 'Normal', null],
];

const alarmOf = (from: string, event: string) =>
  from.includes('latched') || event.startsWith('latched') ? L : X;

describe('the ISA-18.2 state model, transition by transition', () => {
  it.each(TABLE)('%s --[%s]--> %s (error %s)', (from, event, to, error) => {
    const h = harness();
    const setup = SETUP[from];
    const act = EVENT[event];
    if (!setup || !act) throw new Error(`unknown row ${from} / ${event}`);
    setup(h);
    const id = alarmOf(from, event);
    const before = h.engine.toJSON();
    const journalBefore = h.journal.length;
    if (error) {
      let thrown: unknown;
      try {
        act(h);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(AlarmCommandError);
      expect((thrown as AlarmCommandError).code).toBe(error);
      expect(h.engine.toJSON()).toEqual(before);
      expect(h.journal.length).toBe(journalBefore);
    } else {
      act(h);
    }
    expect(h.state(id)).toBe(to);
    const events = h.journal.slice(journalBefore).filter((e) => e.alarmId === id);
    const fromState = before.alarms[id];
    if (fromState && events.length > 0) {
      expect(events[events.length - 1]?.to).toBe(to);
      for (let i = 1; i < events.length; i++) expect(events[i]?.from).toBe(events[i - 1]?.to);
    }
  });

  it('covers every ISA state as a start and as an end', () => {
    const starts = new Set(TABLE.map(([from]) => from.split(' (')[0]));
    const ends = new Set(TABLE.map(([, , to]) => to));
    for (const s of ISA_STATES) {
      expect(starts, s).toContain(s);
      expect(ends, s).toContain(s);
    }
  });

  it('journals every successful command with its user and comment', () => {
    const h = harness();
    on(h);
    const [ackEvent] = ack(h);
    expect(ackEvent).toMatchObject({
      kind: 'ack',
      from: 'Unack-Active',
      to: 'Ack-Active',
      user: 'op1',
      comment: 'seen',
    });
    const [shelveEvent] = shelve(h);
    expect(shelveEvent).toMatchObject({
      kind: 'shelve',
      user: 'op1',
      comment: 'valve work',
      to: 'Shelved',
    });
    expect(h.alarm(X)).toMatchObject({ ackedBy: 'op1', ackComment: 'seen', shelvedBy: 'op1' });
    expect(h.alarm(X).ackedAt).toBe(new Date(h.now).toISOString());
  });
});
