// The write, select and cancel routes over HTTP: refusals with their status and reason, SBO, command ids, read-back; all audited.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSecurityApp, type SecurityApp } from './security-app.js';

let t: SecurityApp;
let op: Record<string, string>;
let op2: Record<string, string>;
beforeEach(async () => {
  t = await buildSecurityApp();
  op = t.bearer(await t.login('operator'));
  op2 = t.bearer(await t.login('engineer'));
  t.set('FIC-106.SP', 25);
  t.set('P-103.CMD', false);
  t.set('LT-105', 50);
  t.set('XV-901.CMD', false);
  t.set('LSH-902', false);
  t.set('FT-001', 12);
});
afterEach(() => t.close());

const post = (url: string, headers: Record<string, string>, payload?: object) =>
  t.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
const write = (tag: string, payload: object, headers = op) =>
  post(`/api/tags/${tag}/write`, headers, payload);
/** Command results (each sent command also has a `write-send` record before it left). */
const commandAudit = () =>
  t.auditRecords().filter((r) => r.category === 'command' && r.action !== 'write-send');
const allWrites = () => [...t.ports.values()].flatMap((p) => p.writes);

describe('POST /api/tags/:name/write', () => {
  it('writes, verifies and answers the confirmed value', async () => {
    const res = await write('FIC-106.SP', {
      value: 27.5,
      reason: 'raise feed',
      commandId: 'hmi-0001-aa',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      commandId: 'hmi-0001-aa',
      tag: 'FIC-106.SP',
      value: 27.5,
      oldValue: 25,
      quality: 'Good',
      duplicate: false,
    });
    expect(commandAudit()).toMatchObject([
      {
        action: 'write',
        outcome: 'success',
        user: 'operator',
        source: '127.0.0.1',
        oldValue: 25,
        newValue: 27.5,
      },
    ]);
  });

  it('refuses with the contract statuses and audits every refusal', async () => {
    const cases: [string, object, number, RegExp | string][] = [
      ['FT-001', { value: 5 }, 403, /not writable/],
      ['FIC-106.SP', { value: 36 }, 400, /above the write limit 35/],
      ['FIC-106.SP', { value: 14.9 }, 400, /below the write limit 15/],
      ['FIC-106.SP', { value: 31 }, 400, /largest step 5/],
      ['FIC-106.SP', { value: true }, 400, /finite number/],
      ['P-103.CMD', { value: 1 }, 400, /true or false/],
      ['XX-999', { value: 1 }, 404, /unknown tag/],
    ];
    for (const [tag, body, status, reason] of cases) {
      const res = await write(tag, body);
      expect(res.statusCode, `${tag} ${JSON.stringify(body)}: ${res.body}`).toBe(status);
      expect(res.json().error.message).toMatch(reason);
    }
    expect(allWrites()).toEqual([]);
    expect(commandAudit().map((r) => [r.target, r.outcome])).toEqual(
      cases.map(([tag]) => [tag, 'refused']),
    );
  });

  it('answers 409 with the interlock id and reason (IL-ZLD-OUTFALL always blocks opening XV-901)', async () => {
    const res = await write('XV-901.CMD', { value: true });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      error: { code: 'CONFLICT' },
      interlock: 'IL-ZLD-OUTFALL',
      reason: 'Zero liquid discharge: XV-901 (outfall) cannot be opened from the HMI.',
    });
    t.set('LT-105', 97);
    const pump = await post('/api/tags/P-103.CMD/select', op, { value: true });
    expect(pump.statusCode).toBe(409);
    expect(pump.json()).toMatchObject({ interlock: 'IL-105-HH' });
    expect(allWrites()).toEqual([]);
    expect(commandAudit().map((r) => [r.action, r.outcome, r.details?.interlock])).toEqual([
      ['write', 'refused', 'IL-ZLD-OUTFALL'],
      ['select', 'refused', 'IL-105-HH'],
    ]);
  });

  it('refuses a Bad or Stale target (409) and a demoted PLC (503), audited', async () => {
    t.set('FIC-106.SP', null, 'Bad_CommunicationError');
    expect((await write('FIC-106.SP', { value: 26 })).statusCode).toBe(409);
    t.set('FIC-106.SP', 25);
    t.clock.advance(5000);
    t.engine.checkStale(t.clock.now());
    const stale = await write('FIC-106.SP', { value: 26 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toMatch(/Bad_Stale/);
    t.set('FIC-106.SP', 25);
    t.portOf('FIC-106.SP').demoted = true;
    const demoted = await write('FIC-106.SP', { value: 26 });
    expect(demoted.statusCode).toBe(503);
    expect(demoted.json().error.message).toMatch(/demoted/);
    expect(allWrites()).toEqual([]);
    expect(commandAudit().map((r) => r.outcome)).toEqual(['refused', 'refused', 'refused']);
  });

  it('fails a write whose read-back does not match (502) and raises the alarm event', async () => {
    t.portOf('FIC-106.SP').apply = () => undefined;
    const res = await write('FIC-106.SP', { value: 28, commandId: 'rb-mismatch-1' });
    expect(res.statusCode).toBe(502);
    expect(res.json()).toMatchObject({
      error: { code: 'PLC_ERROR', message: expect.stringMatching(/read-back mismatch/) },
      commandId: 'rb-mismatch-1',
    });
    expect(t.readbackFailures).toMatchObject([
      { tag: 'FIC-106.SP', requested: 28, readBack: 25, kind: 'mismatch' },
    ]);
    expect(commandAudit()).toMatchObject([{ outcome: 'failure', details: { readBack: 25 } }]);
    t.portOf('FIC-106.SP').readMode = 'hang';
    expect((await write('FIC-106.SP', { value: 27 })).statusCode).toBe(504);
  });

  it('executes a command id once: a retry answers the first result', async () => {
    const body = { value: 26, commandId: 'retry-me-0001' };
    const [a, b] = await Promise.all([write('FIC-106.SP', body), write('FIC-106.SP', body)]);
    const c = await write('FIC-106.SP', body);
    expect([a, b, c].map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect([a, b, c].map((r) => r.json().duplicate).sort()).toEqual([false, true, true]);
    expect(t.portOf('FIC-106.SP').writes).toHaveLength(1);
    // A refused first attempt is also the answer to its retries.
    const refused = { value: 99, commandId: 'retry-me-0002' };
    expect((await write('FIC-106.SP', refused)).statusCode).toBe(400);
    expect((await write('FIC-106.SP', refused)).json()).toMatchObject({
      duplicate: true,
      error: { code: 'BAD_REQUEST' },
    });
    expect(commandAudit()).toHaveLength(5);
  });
});

describe('select-before-operate over HTTP', () => {
  const select = (headers = op, value: boolean = true) =>
    post('/api/tags/P-103.CMD/select', headers, { value });

  it('select, then operate with the select id and the same value', async () => {
    const sel = await select();
    expect(sel.statusCode).toBe(200);
    const { selectId, expiresAt } = sel.json<{ selectId: string; expiresAt: string }>();
    expect(expiresAt).toBe('2025-03-01T06:00:30.000Z');
    const res = await write('P-103.CMD', { value: true, selectId });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ value: true, oldValue: false });
    expect(t.portOf('P-103.CMD').writes).toEqual([{ tag: 'P-103.CMD', value: true }]);
  });

  it('refuses operate without select, with another value, from another session, or after the timeout', async () => {
    expect((await write('P-103.CMD', { value: true })).json()).toMatchObject({ sbo: 'NO_SELECT' });
    let { selectId } = (await select()).json<{ selectId: string }>();
    expect((await write('P-103.CMD', { value: true, selectId }, op2)).json()).toMatchObject({
      sbo: 'NO_SELECT',
    });
    expect((await write('P-103.CMD', { value: false, selectId })).json()).toMatchObject({
      sbo: 'NO_SELECT',
    });
    ({ selectId } = (await select()).json<{ selectId: string }>());
    const other = await select(op2);
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ sbo: 'SELECTED_BY_OTHER' });
    t.clock.advance(30_000);
    t.set('P-103.CMD', false);
    t.set('LT-105', 50);
    const late = await write('P-103.CMD', { value: true, selectId });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ sbo: 'TIMEOUT' });
    expect(t.portOf('P-103.CMD').writes).toEqual([]);
    expect(commandAudit().filter((r) => r.outcome === 'refused')).toHaveLength(5);
  });

  it('cancel releases the point for another session; logout releases it too', async () => {
    await select();
    expect((await post('/api/tags/P-103.CMD/cancel', op2)).json()).toMatchObject({
      sbo: 'NO_SELECT',
    });
    const cancel = await post('/api/tags/P-103.CMD/cancel', op);
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json()).toEqual({ tag: 'P-103.CMD', cancelled: true });
    expect((await select(op2)).statusCode).toBe(200);
    await post('/api/auth/logout', op2);
    expect((await select(op)).statusCode).toBe(200);
    expect(commandAudit().map((r) => `${r.action}:${r.outcome}`)).toEqual([
      'select:success',
      'cancel:refused',
      'cancel:success',
      'select:success',
      'select:success',
    ]);
  });

  it('refuses a select of a point that needs none', async () => {
    const res = await post('/api/tags/FIC-106.SP/select', op, { value: 26 });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ sbo: 'NOT_CRITICAL' });
  });

  it('rate-limits the command routes per source address', async () => {
    await t.close();
    t = await buildSecurityApp({ rateLimits: { commands: { max: 2, timeWindowMs: 60_000 } } });
    const o = t.bearer(await t.login('operator'));
    t.set('FIC-106.SP', 25);
    const codes: number[] = [];
    for (let i = 0; i < 3; i++)
      codes.push((await write('FIC-106.SP', { value: 25 }, o)).statusCode);
    expect(codes).toEqual([200, 200, 429]);
    const limited = await write('FIC-106.SP', { value: 25 }, o);
    expect(limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(limited.headers['retry-after']).toBeDefined();
  });
});
