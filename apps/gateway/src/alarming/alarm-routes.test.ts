import { isApiErrorBody } from '@zld/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from './alarm-http.fixture.js';

let t: TestApp;
beforeEach(async () => {
  t = await testApp();
});
afterEach(async () => {
  await t.close();
});

/** LIC-402 at 95 %: LIC-402.H and LIC-402.HH (on-delay 5 s) active and unacknowledged. */
async function raiseHH(): Promise<void> {
  t.push('LIC-402', 95);
  await t.settle();
  t.clock.advance(6000);
  t.alarms.tick();
}

describe('alarm routes', () => {
  it('GET /api/alarms lists the alarms not in Normal state, for viewers', async () => {
    expect((await t.call(null, 'GET', '/api/alarms')).statusCode).toBe(401);
    const empty = await t.call('viewer', 'GET', '/api/alarms');
    expect(empty.statusCode).toBe(200);
    // Before any value every alarm is Normal (no input cannot raise an alarm).
    expect(empty.json()).toEqual([]);
    await raiseHH();
    const list = (await t.call('viewer', 'GET', '/api/alarms')).json<{ id: string }[]>();
    expect(list.map((a) => a.id)).toEqual(expect.arrayContaining(['LIC-402.H', 'LIC-402.HH']));
    const hh = (await t.call('viewer', 'GET', '/api/alarms'))
      .json<Record<string, unknown>[]>()
      .find((a) => a.id === 'LIC-402.HH')!;
    expect(hh).toMatchObject({
      tag: 'LIC-402',
      state: 'Unack-Active',
      priority: expect.any(String),
      message: expect.any(String),
      quality: 'Good',
      value: 95,
    });
    expect(new Date(hh['activeSince'] as string).toISOString()).toBe(hh['activeSince']);
    expect(hh).toEqual(t.alarms.get('LIC-402.HH'));
  });

  // The documented answer of every refusal the engine can give, walked through HTTP.
  const refusals: [
    what: string,
    role: 'operator' | 'engineer',
    url: string,
    body: unknown,
    status: number,
    code: string,
    opcua: string | undefined,
  ][] = [
    [
      'ack of an unknown id',
      'operator',
      '/api/alarms/NO-SUCH.HH/ack',
      {},
      404,
      'NOT_FOUND',
      'Bad_NodeIdUnknown',
    ],
    [
      'ack twice',
      'operator',
      '/api/alarms/LIC-402.HH/ack',
      {},
      409,
      'CONFLICT',
      'Bad_ConditionBranchAlreadyAcked',
    ],
    [
      'ack of an old notification',
      'operator',
      '/api/alarms/LIC-402.H/ack',
      { eventId: 1_000_000 },
      409,
      'CONFLICT',
      'Bad_EventIdUnknown',
    ],
    [
      'shelve beyond 8 h',
      'operator',
      '/api/alarms/LIC-402.HH/shelve',
      { minutes: 481, reason: 'long' },
      400,
      'BAD_REQUEST',
      'Bad_ShelvingTimeOutOfRange',
    ],
    [
      'shelve for no time',
      'operator',
      '/api/alarms/LIC-402.HH/shelve',
      { minutes: 0, reason: 'none' },
      400,
      'BAD_REQUEST',
      'Bad_ShelvingTimeOutOfRange',
    ],
    [
      'shelve of an unknown id',
      'operator',
      '/api/alarms/NO-SUCH.HH/shelve',
      { minutes: 5, reason: 'x' },
      404,
      'NOT_FOUND',
      'Bad_NodeIdUnknown',
    ],
    [
      'unshelve when not shelved',
      'operator',
      '/api/alarms/LIC-402.HH/unshelve',
      {},
      409,
      'CONFLICT',
      'Bad_ConditionNotShelved',
    ],
    [
      'reset of an alarm that is not latched',
      'operator',
      '/api/alarms/LIC-402.HH/reset',
      {},
      409,
      'CONFLICT',
      'Bad_InvalidState',
    ],
    [
      'return to service when in service',
      'engineer',
      '/api/alarms/LIC-402.HH/in-service',
      {},
      409,
      'CONFLICT',
      'Bad_InvalidState',
    ],
    [
      'shelve with minutes as a string',
      'operator',
      '/api/alarms/LIC-402.HH/shelve',
      { minutes: '30', reason: 'x' },
      400,
      'BAD_REQUEST',
      undefined,
    ],
    [
      'shelve without a reason',
      'operator',
      '/api/alarms/LIC-402.HH/shelve',
      { minutes: 30 },
      400,
      'BAD_REQUEST',
      undefined,
    ],
    [
      'ack with an unknown field',
      'operator',
      '/api/alarms/LIC-402.H/ack',
      { comment: 'x', user: 'admin' },
      400,
      'BAD_REQUEST',
      undefined,
    ],
    [
      'out of service without a reason',
      'engineer',
      '/api/alarms/LIC-402.HH/out-of-service',
      {},
      400,
      'BAD_REQUEST',
      undefined,
    ],
  ];

  it.each(refusals)(
    'answers %s with the documented error',
    async (_what, role, url, body, status, code, opcua) => {
      await raiseHH();
      expect((await t.call('operator', 'POST', '/api/alarms/LIC-402.HH/ack', {})).statusCode).toBe(
        200,
      );
      const res = await t.call(role, 'POST', url, body);
      expect(res.statusCode).toBe(status);
      const answer = res.json<{ error: { code: string; message: string }; status?: string }>();
      expect(isApiErrorBody(answer)).toBe(true);
      expect(answer.error.code).toBe(code);
      expect(answer.status).toBe(opcua);
      if (opcua) expect(answer.error.message).toContain(opcua);
    },
  );

  it('acks with a comment (or no body at all) and records the user, time and comment', async () => {
    await raiseHH();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/alarms/LIC-402.HH/ack',
      headers: { authorization: `Bearer ${t.token('operator', 'op7')}` },
      payload: { comment: 'seen on the local gauge' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: 'LIC-402.HH',
      state: 'Ack-Active',
      ackedBy: 'op7',
      ackComment: 'seen on the local gauge',
      ackedAt: new Date(t.clock.now()).toISOString(),
    });
    const bare = await t.app.inject({
      method: 'POST',
      url: '/api/alarms/LIC-402.H/ack',
      headers: { authorization: `Bearer ${t.token('operator')}` },
    });
    expect(bare.statusCode).toBe(200);
    expect(bare.json()).toMatchObject({ state: 'Ack-Active', ackComment: null });

    const audit = t.audit.query({ from: 0, to: Number.MAX_SAFE_INTEGER, limit: 10 });
    expect(audit[0]).toMatchObject({
      category: 'alarm',
      action: 'ack',
      outcome: 'success',
      user: 'op7',
      target: 'LIC-402.HH',
      reason: 'seen on the local gauge',
    });
  });

  it('checks roles: viewers cannot command, operators cannot take alarms out of service or read KPIs', async () => {
    await raiseHH();
    const cases: [
      role: 'viewer' | 'operator' | 'engineer',
      method: 'GET' | 'POST',
      url: string,
      body: unknown,
      status: number,
    ][] = [
      ['viewer', 'POST', '/api/alarms/LIC-402.HH/ack', {}, 403],
      ['viewer', 'POST', '/api/alarms/LIC-402.HH/shelve', { minutes: 5, reason: 'x' }, 403],
      ['viewer', 'GET', '/api/alarms/journal', undefined, 200],
      ['viewer', 'GET', '/api/alarms/flood', undefined, 200],
      ['operator', 'POST', '/api/alarms/LIC-402.H/out-of-service', { reason: 'x' }, 403],
      ['operator', 'GET', '/api/alarms/kpi', undefined, 403],
      ['engineer', 'GET', '/api/alarms/kpi', undefined, 200],
      [
        'engineer',
        'POST',
        '/api/alarms/LIC-402.H/out-of-service',
        { reason: 'transmitter replaced' },
        200,
      ],
    ];
    for (const [role, method, url, body, status] of cases) {
      const res = await t.call(role, method, url, body);
      expect(res.statusCode, `${role} ${method} ${url}`).toBe(status);
    }
    expect(t.alarms.get('LIC-402.H')).toMatchObject({
      state: 'Out-of-service',
      outOfServiceBy: 'engineer1',
      outOfServiceReason: 'transmitter replaced',
    });
    const back = await t.call('engineer', 'POST', '/api/alarms/LIC-402.H/in-service');
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ outOfService: false, state: 'Unack-Active' });
  });

  it('shelves, unshelves and audits both with the reason', async () => {
    await raiseHH();
    const shelved = await t.call('operator', 'POST', '/api/alarms/LIC-402.HH/shelve', {
      minutes: 30,
      reason: 'level transmitter being calibrated',
    });
    expect(shelved.statusCode).toBe(200);
    expect(shelved.json()).toMatchObject({
      state: 'Shelved',
      shelving: 'TimedShelved',
      annunciated: false,
      shelvedUntil: new Date(t.clock.now() + 30 * 60_000).toISOString(),
      unshelveTimeMs: 30 * 60_000,
    });
    const again = await t.call('operator', 'POST', '/api/alarms/LIC-402.HH/shelve', {
      minutes: 5,
      reason: 'again',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ status: 'Bad_ConditionAlreadyShelved' });
    const unshelved = await t.call('operator', 'POST', '/api/alarms/LIC-402.HH/unshelve');
    expect(unshelved.statusCode).toBe(200);
    expect(unshelved.json()).toMatchObject({ shelving: 'Unshelved', state: 'Unack-Active' });
    const oneShot = await t.call('operator', 'POST', '/api/alarms/LIC-402.H/one-shot-shelve', {
      reason: 'known, until it clears',
    });
    expect(oneShot.json()).toMatchObject({ shelving: 'OneShotShelved' });
    const actions = t.audit
      .query({ from: 0, to: Number.MAX_SAFE_INTEGER, limit: 10 })
      .map((r) => [r.action, r.outcome, r.reason]);
    expect(actions).toEqual([
      ['shelve', 'success', 'level transmitter being calibrated'],
      ['shelve', 'refused', 'LIC-402.HH is already shelved'],
      ['unshelve', 'success', null],
      ['one-shot-shelve', 'success', 'known, until it clears'],
    ]);
  });

  it('refuses what the plant file puts under two-person approval when there are no user accounts to approve it', async () => {
    const before = t.alarms.get('LIC-402.HH')!.limit;
    for (const [method, url, body] of [
      ['PATCH', '/api/alarms/LIC-402.HH/settings', { limit: 88, reason: 'x' }],
      ['POST', '/api/alarms/LIC-402.HH/out-of-service', { reason: 'x' }],
    ] as const) {
      const res = await t.call('engineer', method, url, body);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.message).toMatch(/needs two-person approval/);
    }
    expect(t.alarms.get('LIC-402.HH')).toMatchObject({ limit: before, outOfService: false });
  });

  it('lets an engineer change a limit alarm: the alarm, GET /api/tags, the journal and the audit follow', async () => {
    // LIC-402.H: a limit alarm the plant file does not put under two-person approval.
    t.push('LIC-402', 75);
    await t.settle();
    t.clock.advance(6000);
    t.alarms.tick();
    expect(t.alarms.get('LIC-402.H')!.state).toBe('Normal');
    const url = '/api/alarms/LIC-402.H/settings';
    const change = { limit: 74, onDelayS: 0, reason: 'overflow line moved' };
    expect((await t.call(null, 'PATCH', url, change)).statusCode).toBe(401);
    expect((await t.call('operator', 'PATCH', url, change)).statusCode).toBe(403);
    const res = await t.call('engineer', 'PATCH', url, change);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: 'LIC-402.H', limit: 74, state: 'Unack-Active' });
    const tag = (await t.call('viewer', 'GET', '/api/tags/LIC-402')).json<{
      limits: Record<string, number>;
    }>();
    expect(tag.limits).toEqual({ LL: 10, L: 20, H: 74, HH: 90 });
    const all = (await t.call('viewer', 'GET', '/api/tags')).json<
      { name: string; limits?: Record<string, number> }[]
    >();
    expect(all.find((x) => x.name === 'LIC-402')!.limits!['H']).toBe(74);

    // Refusals: out of order, outside the tag's range, no setting, an unknown field, a string number.
    const refused: [body: unknown, status: number, says: RegExp][] = [
      [{ limit: 91, reason: 'x' }, 400, /out of order: H 91 must lie below HH 90/],
      [{ limit: 101, reason: 'x' }, 400, /outside the range of LIC-402 \[0, 100\]/],
      [{ reason: 'x' }, 400, /at least one of limit, deadband/],
      [{ limit: 85 }, 400, /reason/],
      [{ limit: 85, reason: 'x', priority: 'low' }, 400, /./],
      [{ limit: '85', reason: 'x' }, 400, /./],
      [{ deadband: -1, reason: 'x' }, 400, /./],
    ];
    for (const [body, status, says] of refused) {
      const r = await t.call('engineer', 'PATCH', url, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(status);
      expect(r.json<{ error: { message: string } }>().error.message).toMatch(says);
    }
    const other = await t.call('engineer', 'PATCH', '/api/alarms/ZLD-BUND-WET/settings', {
      limit: 1,
      reason: 'x',
    });
    expect(other.statusCode).toBe(400);
    expect(other.json()).toMatchObject({ status: 'Bad_OutOfRange' });
    expect(t.alarms.get('LIC-402.H')!.limit).toBe(74);

    const journal = t.alarms
      .journal(0, Number.MAX_SAFE_INTEGER)
      .filter((e) => e.kind === 'settings-change');
    expect(journal).toMatchObject([
      {
        alarmId: 'LIC-402.H',
        user: 'engineer1',
        comment: 'limit 80 -> 74, onDelayS 5 -> 0: overflow line moved',
      },
    ]);
    const audit = t.audit
      .query({ from: 0, to: Number.MAX_SAFE_INTEGER, limit: 100 })
      .filter((r) => r.action === 'settings-change');
    expect(audit[0]).toMatchObject({
      outcome: 'success',
      user: 'engineer1',
      target: 'LIC-402.H',
      reason: 'overflow line moved',
      details: { change: { limit: 74, onDelayS: 0 }, before: { limit: 80, onDelayS: 5 } },
    });
    // The range and order refusals that reached the service are audited too.
    expect(audit.filter((r) => r.outcome === 'refused').length).toBeGreaterThanOrEqual(3);
  });
});
