import { describe, expect, it } from 'vitest';
import { alarmDef, Harness, T0 } from './alarm-def.fixture.js';
import { AlarmEngine, type EngineState } from './engine.js';
import { applyCommand, evaluate } from './evaluate.js';
import type { AlarmInput } from './reading.js';

describe('re-alarm (requirement 1.10)', () => {
  it('an alarm still active ReAlarmTime after its ack returns to Unacked with a new EventId', () => {
    const h = new Harness([alarmDef({ id: 'TI-501.H', limit: 90, reAlarmS: 300 })]);
    h.set('TI-501', 95).tick();
    const first = h.alarm('TI-501.H').eventId;
    h.advance(60, 60);
    h.do((e, now) => e.ack('TI-501.H', { user: 'op1', eventId: first }, now));
    h.advance(240, 60);
    expect(h.state('TI-501.H')).toBe('Ack-Active');
    const [re] = h.advance(60, 60);
    expect(re).toMatchObject({ kind: 'realarm', from: 'Ack-Active', to: 'Unack-Active' });
    expect(h.alarm('TI-501.H')).toMatchObject({ eventId: re!.seq, ackedBy: null });
    expect(() => h.do((e, now) => e.ack('TI-501.H', { user: 'op1', eventId: first }, now))).toThrow(
      /no notification/,
    );
  });

  it('does not re-alarm an alarm that cleared', () => {
    const h = new Harness([alarmDef({ id: 'TI-501.H', limit: 90, reAlarmS: 300 })]);
    h.set('TI-501', 95).tick();
    h.do((e, now) => e.ack('TI-501.H', { user: 'op1' }, now));
    h.set('TI-501', 50).advance(600, 60);
    expect(h.journal.map((e) => e.kind)).toEqual(['activate', 'ack', 'clear']);
  });
});

describe('latched alarms (requirement 1.11)', () => {
  it('stay active after the condition clears until a reset, which needs the condition gone', () => {
    const h = new Harness([
      alarmDef({ id: 'PSH-501.DISCRETE', type: 'DISCRETE', activeWhen: true, latched: true }),
    ]);
    h.set('PSH-501', true).tick();
    expect(h.alarm('PSH-501.DISCRETE')).toMatchObject({
      active: true,
      latched: true,
      conditionActive: true,
    });
    expect(() => h.do((e, now) => e.reset('PSH-501.DISCRETE', { user: 'eng' }, now))).toThrow(
      /still present/,
    );
    h.set('PSH-501', false).advance(3600, 60);
    expect(h.alarm('PSH-501.DISCRETE')).toMatchObject({
      state: 'Unack-Active',
      conditionActive: false,
    });
    h.do((e, now) => e.ack('PSH-501.DISCRETE', { user: 'op1' }, now));
    const [reset] = h.do((e, now) =>
      e.reset('PSH-501.DISCRETE', { user: 'eng', reason: 'trip checked' }, now),
    );
    expect(reset).toMatchObject({
      kind: 'reset',
      from: 'Ack-Active',
      to: 'Normal',
      user: 'eng',
      comment: 'trip checked',
    });
  });

  it('cannot be reset while its input is questionable', () => {
    const h = new Harness([
      alarmDef({ id: 'PSH-501.DISCRETE', type: 'DISCRETE', activeWhen: true, latched: true }),
    ]);
    h.set('PSH-501', true).tick();
    h.set('PSH-501', false, 'Uncertain_LastUsableValue').tick();
    expect(() => h.do((e, now) => e.reset('PSH-501.DISCRETE', { user: 'eng' }, now))).toThrow(
      /Uncertain/,
    );
  });
});

describe('first-out groups (requirement 1.12)', () => {
  const trip = () =>
    new Harness([
      alarmDef({ id: 'TI-501.HH', limit: 100, firstOutGroup: 'EV-TRIP' }),
      alarmDef({ id: 'PI-502.HH', limit: 100, firstOutGroup: 'EV-TRIP' }),
      alarmDef({ id: 'LI-503.HH', limit: 100, firstOutGroup: 'EV-TRIP' }),
      alarmDef({ id: 'LT-002.HH', limit: 100 }),
    ])
      .set('TI-501', 0)
      .set('PI-502', 0)
      .set('LI-503', 0)
      .set('LT-002', 0);

  it('only the first alarm to activate is first out, until the group resets', () => {
    const h = trip();
    h.set('PI-502', 120).advance(1);
    h.set('TI-501', 120).set('LI-503', 120).set('LT-002', 120).advance(1);
    const flags = ['TI-501.HH', 'PI-502.HH', 'LI-503.HH', 'LT-002.HH'].map(
      (id) => h.alarm(id).firstOut,
    );
    expect(flags).toEqual([false, true, false, false]);
    expect(h.engine.firstOutGroups()).toEqual({ 'EV-TRIP': 'PI-502.HH' });
    // the group resets by itself once every member is back to Normal
    h.set('TI-501', 0).set('PI-502', 0).set('LI-503', 0).advance(1);
    for (const id of ['TI-501.HH', 'PI-502.HH', 'LI-503.HH'])
      h.do((e, now) => e.ack(id, { user: 'op1' }, now));
    expect(h.journal.at(-1)).toMatchObject({
      kind: 'first-out-reset',
      alarmId: 'PI-502.HH',
      flags: { firstOut: false },
    });
    h.set('LI-503', 120).advance(1);
    expect(h.engine.firstOutGroups()).toEqual({ 'EV-TRIP': 'LI-503.HH' });
  });

  it('simultaneous activations: the first in definition order wins; a manual reset frees the group', () => {
    const h = trip();
    h.set('LI-503', 120).set('TI-501', 120).advance(1);
    expect(h.engine.firstOutGroups()).toEqual({ 'EV-TRIP': 'TI-501.HH' });
    h.do((e, now) => e.resetFirstOut('EV-TRIP', { user: 'op1' }, now));
    expect(h.engine.firstOutGroups()).toEqual({ 'EV-TRIP': null });
    expect(() => h.do((e, now) => e.resetFirstOut('EV-TRIP', { user: 'op1' }, now))).toThrow(
      /no first out/,
    );
    expect(() => h.do((e, now) => e.resetFirstOut('NOPE', { user: 'op1' }, now))).toThrow(
      /no first-out group/,
    );
  });
});

describe('discrete alarms and suppression by design', () => {
  it('a discrete alarm follows its abnormal value, with numbers and booleans alike', () => {
    const h = new Harness([
      alarmDef({ id: 'ZSC-901.DISCRETE', type: 'DISCRETE', activeWhen: false }),
      alarmDef({ id: 'YS-401.DISCRETE', type: 'DISCRETE', activeWhen: 2 }),
    ]);
    h.set('ZSC-901', true).set('YS-401', 1).tick();
    expect(h.engine.list()).toEqual([]);
    h.set('ZSC-901', false).set('YS-401', 2).tick();
    expect(h.engine.list().map((a) => a.id)).toEqual(['ZSC-901.DISCRETE', 'YS-401.DISCRETE']);
  });

  it('suppresses on a good condition held for forS, never on a questionable one, and lifts on false', () => {
    const h = new Harness([
      alarmDef({
        id: 'FT-606.L',
        type: 'L',
        limit: 2.5,
        suppressWhen: { tag: 'P-605.CMD', op: 'eq', value: false, forS: 30 },
      }),
    ])
      .set('FT-606', 5)
      .set('P-605.CMD', true);
    h.tick();
    h.set('P-605.CMD', false).tick(); // good from now: the forS timer starts
    h.advance(29);
    expect(h.alarm('FT-606.L').suppressed).toBe(false);
    h.advance(1);
    expect(h.alarm('FT-606.L').suppressed).toBe(true);
    h.set('FT-606', 0).advance(1); // the pump is stopped, so low flow is expected
    expect(h.alarm('FT-606.L')).toMatchObject({
      state: 'Suppressed',
      active: true,
      annunciated: false,
    });
    h.set('P-605.CMD', null, 'Bad_CommunicationError').advance(1);
    expect(h.alarm('FT-606.L').suppressed).toBe(true); // unknown: holds
    h.set('P-605.CMD', true).advance(1);
    expect(h.alarm('FT-606.L')).toMatchObject({ state: 'Unack-Active', annunciated: true });
    h.set('P-605.CMD', false, 'Uncertain_LastUsableValue').advance(120);
    expect(h.alarm('FT-606.L').suppressed).toBe(false); // never hidden on questionable data
    expect(h.journal.map((e) => e.kind)).toEqual(['suppress', 'activate', 'unsuppress']);
  });
});

describe('events, public objects and persistence', () => {
  const defs = [
    alarmDef({ id: 'LT-001.H', limit: 80, onDelayS: 10, offDelayS: 10, reAlarmS: 900 }),
    alarmDef({ id: 'LT-001.ROC', type: 'ROC', limit: 1 }),
    alarmDef({
      id: 'ZLD-DISCHARGE',
      type: 'DIRECT',
      tag: 'FT-901',
      priority: 'critical',
      severity: 900,
      when: { tag: 'FT-901', op: 'gt', value: 0.2, forS: 60 },
    }),
  ];

  it('numbers events in order and returns the changed public alarm objects', () => {
    const h = new Harness(defs).set('LT-001', 90).set('FT-901', 1);
    const events = h.advance(120, 5);
    expect(events.map((e) => [e.alarmId, e.kind])).toEqual([
      ['LT-001.H', 'activate'],
      ['ZLD-DISCHARGE', 'activate'],
    ]);
    expect(events.map((e) => e.seq)).toEqual([1, 2]);
    const u = h.engine.ack('ZLD-DISCHARGE', { user: 'op1', comment: 'closing XV-901' }, h.now);
    expect(u.changed).toHaveLength(1);
    expect(u.changed[0]).toMatchObject({
      id: 'ZLD-DISCHARGE',
      tag: 'FT-901',
      message: 'ZLD-DISCHARGE ALARM',
      priority: 'critical',
      severity: 900,
      state: 'Ack-Active',
      active: true,
      acked: true,
      ackedBy: 'op1',
      ackComment: 'closing XV-901',
      activeSince: new Date(T0 + 65_000).toISOString(), // first evaluation at 5 s, then forS 60 s
      ackedAt: new Date(h.now).toISOString(),
      shelvedUntil: null,
      value: 1,
      quality: 'Good',
      firstOut: false,
    });
    expect(u.events[0]).toEqual({
      seq: 3,
      ts: h.now,
      alarmId: 'ZLD-DISCHARGE',
      tag: 'FT-901',
      priority: 'critical',
      kind: 'ack',
      from: 'Unack-Active',
      to: 'Ack-Active',
      flags: {
        active: true,
        acked: true,
        shelving: 'Unshelved',
        suppressed: false,
        outOfService: false,
        latched: false,
        firstOut: false,
      },
      value: 1,
      quality: 'Good',
      user: 'op1',
      comment: 'closing XV-901',
    });
  });

  it('restored from JSON, an engine carries on exactly as one that never stopped', () => {
    const script = (t: number): Map<string, AlarmInput> =>
      new Map([
        [
          'LT-001',
          { value: t < 300 ? 50 + t / 5 : Math.max(50, 110 - (t - 300) / 5), quality: 'Good' },
        ],
        ['FT-901', { value: t > 100 && t < 400 ? 1 : 0, quality: 'Good' }],
      ]);
    const straight = new AlarmEngine(defs);
    let restarted = new AlarmEngine(defs);
    const a: unknown[] = [];
    const b: unknown[] = [];
    for (let t = 0; t < 900; t += 5) {
      a.push(...straight.evaluate(script(t), T0 + t * 1000).events);
      b.push(...restarted.evaluate(script(t), T0 + t * 1000).events);
      if (t === 200) {
        straight.ack('LT-001.H', { user: 'op1' }, T0 + t * 1000);
        restarted.ack('LT-001.H', { user: 'op1' }, T0 + t * 1000);
      }
      if (t % 100 === 0)
        restarted = new AlarmEngine(defs, {}, JSON.parse(JSON.stringify(restarted)));
    }
    expect(b).toEqual(a);
    expect(a.length).toBeGreaterThan(3);
    expect(restarted.toJSON()).toEqual(straight.toJSON());
  });

  it('the functional API leaves the previous state untouched and reports refusals', () => {
    const v = new Map<string, AlarmInput>([['LT-001', { value: 95, quality: 'Good' }]]);
    const s1 = evaluate(defs, v, undefined, T0);
    const s2 = evaluate(defs, v, s1.state, T0 + 10_000);
    expect(s1.state.alarms['LT-001.H']?.active).toBe(false);
    expect(s2.state.alarms['LT-001.H']?.active).toBe(true);
    expect(s2.events.map((e) => e.kind)).toEqual(['activate']);
    const ok = applyCommand(
      defs,
      s2.state,
      { kind: 'ack', id: 'LT-001.H', user: 'op1' },
      T0 + 11_000,
    );
    expect(ok.ok && ok.changed[0]?.state).toBe('Ack-Active');
    const again = applyCommand(
      defs,
      ok.ok ? ok.state : undefined,
      { kind: 'ack', id: 'LT-001.H', user: 'op1' },
      T0 + 12_000,
    );
    expect(again).toEqual({
      ok: false,
      error: {
        code: 'Bad_ConditionBranchAlreadyAcked',
        message: 'LT-001.H is already acknowledged',
      },
    });
    const shelve = applyCommand(
      defs,
      s2.state,
      { kind: 'timed-shelve', id: 'LT-001.H', user: 'op1', reason: 'r', durationMs: 9 * 3_600_000 },
      T0,
    );
    expect(shelve).toMatchObject({ ok: false, error: { code: 'Bad_ShelvingTimeOutOfRange' } });
    expect(s2.state.alarms['LT-001.H']?.acked).toBe(false);
  });

  it('list() holds exactly the alarms not in Normal state', () => {
    const h = new Harness(defs).set('LT-001', 90).set('FT-901', 0);
    h.tick();
    h.advance(10);
    expect(h.engine.list().map((a) => a.id)).toEqual(['LT-001.H']);
    h.set('LT-001', 50).tick();
    h.advance(10);
    expect(h.engine.list().map((a) => a.state)).toEqual(['RTN-Unack']);
    h.do((e, now) => e.ack('LT-001.H', { user: 'op1' }, now));
    expect(h.engine.list()).toEqual([]);
    expect(h.engine.all()).toHaveLength(3);
  });

  it('refuses a saved state of an unknown version', () => {
    const saved = { version: 2, seq: 0, alarms: {} } as unknown as EngineState;
    expect(() => new AlarmEngine(defs, {}, saved)).toThrow(/version 2/);
  });

  it('restoring with changed definitions keeps known alarms and starts new ones Normal', () => {
    const h = new Harness(defs).set('LT-001', 90).set('FT-901', 0);
    h.tick();
    h.advance(10);
    const next = new AlarmEngine([defs[0]!, alarmDef({ id: 'LT-009.H' })], {}, h.engine.toJSON());
    expect(next.all().map((a) => [a.id, a.state])).toEqual([
      ['LT-001.H', 'Unack-Active'],
      ['LT-009.H', 'Normal'],
    ]);
  });
});
