// Two-person approval on the real app: a critical alarm's limit change and removal from service, and a write the plant file marks, wait for a second user.
import type { ApprovalDto } from '@zld/api';
import { buildPlant } from '@zld/plant';
import { waitFor } from '@zld/testkit';
import type { LightMyRequestResponse } from 'fastify';
import { loadPlant } from '@zld/protocols';
import { authenticator } from 'otplib';
import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { AlarmJournal, AlarmService } from '../../apps/gateway/src/alarming/index.js';
import { alarmRoutes } from '../../apps/gateway/src/alarming/alarm-routes.js';
import { feature } from '../../apps/gateway/src/app.js';
import { buildSecurityApp, type Login, type SecurityApp } from './security-app.js';

const SECOND = { name: 'engineer2', password: 'second engineer secret 6' };
const FIVE_MIN = 5 * 60_000;

interface Rig {
  t: SecurityApp;
  alarms: AlarmService;
}
let rig: Rig | null = null;
afterEach(async () => {
  await rig?.t.close();
  rig = null;
});

async function setup(plant = loadPlant()): Promise<Rig> {
  let alarms: AlarmService | undefined;
  const t = await buildSecurityApp({
    plant,
    features: ({ runtime, audit, clock }) => {
      alarms = new AlarmService({
        plant: runtime.plant,
        source: runtime,
        clock,
        journal: new AlarmJournal(':memory:'),
        audit,
        evaluateEveryMs: 0,
        saveEveryMs: 0,
      });
      return { features: [feature(alarmRoutes, { service: alarms })], services: [alarms] };
    },
  });
  await t.users.add(SECOND.name, SECOND.password, 'engineer');
  t.set('LIC-402', 50);
  rig = { t, alarms: alarms! };
  return rig;
}

type Call = (
  who: Login,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: object,
) => Promise<LightMyRequestResponse>;
const callOf =
  (t: SecurityApp): Call =>
  (who, method, url, payload) =>
    t.app.inject({ method, url, headers: t.bearer(who), ...(payload ? { payload } : {}) });

const settings = '/api/alarms/LIC-402.HH/settings';
const change = { limit: 88, reason: 'overflow line moved' };

describe('two-person approval of what the plant file marks', () => {
  it('holds a critical limit change until a second engineer approves it; the audit names both', async () => {
    const { t, alarms } = await setup();
    const call = callOf(t);
    const [eng, eng2] = [await t.login('engineer'), await t.login(SECOND.name, SECOND.password)];
    const res = await call(eng, 'PATCH', settings, change);
    expect(res.statusCode, res.body).toBe(202);
    const pending = res.json<ApprovalDto>();
    expect(pending).toMatchObject({
      kind: 'alarm-settings',
      target: 'LIC-402.HH',
      state: 'pending',
      requestedBy: 'engineer',
      requiredRole: 'engineer',
      oldValue: { limit: 90 },
      newValue: { limit: 88 },
      reason: 'overflow line moved',
      expiresAt: new Date(t.clock.now() + FIVE_MIN).toISOString(),
    });
    expect(alarms.get('LIC-402.HH')!.limit).toBe(90);
    const list = (await call(eng2, 'GET', '/api/approvals')).json<ApprovalDto[]>();
    expect(list.map((a) => [a.id, a.state])).toEqual([[pending.id, 'pending']]);

    const ok = await call(eng2, 'POST', `/api/approvals/${pending.id}/approve`, {
      password: SECOND.password,
      comment: 'checked against the P&ID',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      state: 'applied',
      decidedBy: 'engineer2',
      result: { status: 200, body: { id: 'LIC-402.HH', limit: 88 } },
    });
    expect(alarms.get('LIC-402.HH')!.limit).toBe(88);

    const records = t.auditRecords().filter((r) => r.target === 'LIC-402.HH');
    expect(records.map((r) => [r.action, r.outcome, r.user])).toEqual([
      ['approval-request', 'pending', 'engineer'],
      ['settings-change', 'success', 'engineer'],
      ['approval-approve', 'success', 'engineer2'],
    ]);
    expect(records[1]!.details).toMatchObject({ approvedBy: 'engineer2', change: { limit: 88 } });
    expect(records[2]!.details).toMatchObject({
      approvalId: pending.id,
      requestedBy: 'engineer',
      decidedBy: 'engineer2',
    });
  });

  it('refuses approval by the requester, by a lower role and with a wrong password (throttled like a login)', async () => {
    const { t, alarms } = await setup();
    const call = callOf(t);
    const [eng, op, admin] = [
      await t.login('engineer'),
      await t.login('operator'),
      await t.login('admin'),
    ];
    const { id } = (await call(eng, 'PATCH', settings, change)).json<ApprovalDto>();
    const approve = (who: Login, password: string) =>
      call(who, 'POST', `/api/approvals/${id}/approve`, { password });

    const own = await approve(eng, 'process design secret 2');
    expect(own.statusCode).toBe(403);
    expect(own.json().error.message).toMatch(/cannot be approved by its requester/);
    const low = await approve(op, 'brine loop secret 3');
    expect(low.statusCode).toBe(403);
    expect(low.json().error.message).toMatch(/needs the engineer role/);

    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await approve(admin, 'not the password')).statusCode);
    expect(codes).toEqual([403, 403, 403, 403, 403, 429]);
    expect(t.auditRecords().filter((r) => r.action === 'approval-password-failed')).toHaveLength(5);
    expect(alarms.get('LIC-402.HH')!.limit).toBe(90);
    expect(t.app.approvals.get(id)?.state).toBe('pending');
  });

  it('lets nobody approve a request past its time limit; the expiry is audited', async () => {
    const { t, alarms } = await setup();
    const call = callOf(t);
    const [eng, eng2] = [await t.login('engineer'), await t.login(SECOND.name, SECOND.password)];
    const { id } = (await call(eng, 'PATCH', settings, change)).json<ApprovalDto>();
    t.clock.advance(FIVE_MIN);
    const late = await call(eng2, 'POST', `/api/approvals/${id}/approve`, {
      password: SECOND.password,
    });
    expect(late.statusCode, late.body).toBe(409);
    expect(late.json()).toMatchObject({ approval: { id, state: 'expired' } });
    expect(late.json().error.message).toMatch(/expired/);
    expect(alarms.get('LIC-402.HH')!.limit).toBe(90);
    const actions = t.auditRecords().map((r) => r.action);
    expect(actions).toContain('approval-expire');
    expect(actions).not.toContain('settings-change');
  });

  it('rejects and cancels: nothing changes, and only the requester cancels', async () => {
    const { t, alarms } = await setup();
    const call = callOf(t);
    const [eng, eng2] = [await t.login('engineer'), await t.login(SECOND.name, SECOND.password)];
    const first = (await call(eng, 'PATCH', settings, change)).json<ApprovalDto>();
    const again = await call(eng, 'PATCH', settings, { limit: 87, reason: 'x' });
    expect(again.statusCode).toBe(409);
    const rejected = await call(eng2, 'POST', `/api/approvals/${first.id}/reject`, {
      comment: 'not before the review',
    });
    expect(rejected.json()).toMatchObject({ state: 'rejected', decidedBy: 'engineer2' });

    const oos = await call(eng, 'POST', '/api/alarms/LIC-402.HH/out-of-service', {
      reason: 'transmitter removed',
    });
    expect(oos.statusCode).toBe(202);
    const second = oos.json<ApprovalDto>();
    expect(second).toMatchObject({ kind: 'alarm-out-of-service', state: 'pending' });
    const other = await call(eng2, 'POST', `/api/approvals/${second.id}/cancel`, {});
    expect(other.statusCode).toBe(403);
    const cancelled = await call(eng, 'POST', `/api/approvals/${second.id}/cancel`, {});
    expect(cancelled.json()).toMatchObject({ state: 'cancelled', decidedBy: 'engineer' });
    expect(alarms.get('LIC-402.HH')).toMatchObject({ limit: 90, outOfService: false });
    const actions = t.auditRecords().map((r) => `${r.action} ${r.outcome}`);
    expect(actions).toEqual(
      expect.arrayContaining(['approval-reject refused', 'approval-cancel success']),
    );
  });

  it('applies a change to an alarm the plant file does not mark at once, and shelving stays direct', async () => {
    const { t, alarms } = await setup();
    const call = callOf(t);
    const [eng, op] = [await t.login('engineer'), await t.login('operator')];
    const res = await call(eng, 'PATCH', '/api/alarms/LIC-402.H/settings', {
      limit: 78,
      reason: 'tuned',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(alarms.get('LIC-402.H')!.limit).toBe(78);
    const shelve = await call(op, 'POST', '/api/alarms/LIC-402.HH/shelve', {
      minutes: 10,
      reason: 'calibration',
    });
    expect(shelve.statusCode, shelve.body).toBe(200);
    // A change that could never be applied is refused at once instead of waiting.
    const bad = await call(eng, 'PATCH', settings, { limit: 75, reason: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/out of order/);
    expect((await call(eng, 'GET', '/api/approvals')).json()).toEqual([]);
  });

  it('holds a write the plant file marks until a second user approves; the checks run again then', async () => {
    const file = loadPlant().file;
    const plant = buildPlant({
      ...file,
      tags: file.tags.map((tag) =>
        tag.name === 'P-103.CMD'
          ? { ...tag, write: { ...tag.write!, approval: 'two-person' as const } }
          : tag,
      ),
    });
    const { t } = await setup(plant);
    const call = callOf(t);
    t.set('P-103.CMD', false);
    t.set('LT-105', 50);
    const [op, eng] = [await t.login('operator'), await t.login('engineer')];
    const write = (v: boolean) =>
      call(op, 'POST', '/api/tags/P-103.CMD/write', { value: v, reason: 'start transfer' });

    const res = await write(true);
    expect(res.statusCode, res.body).toBe(202);
    const pending = res.json<ApprovalDto>();
    expect(pending).toMatchObject({ kind: 'tag-write', oldValue: false, newValue: true });
    expect(t.portOf('P-103.CMD').writes).toEqual([]);
    const ok = await call(eng, 'POST', `/api/approvals/${pending.id}/approve`, {
      password: 'process design secret 2',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(t.portOf('P-103.CMD').writes).toEqual([{ tag: 'P-103.CMD', value: true }]);
    const written = t.auditRecords().find((r) => r.action === 'write' && r.outcome === 'success');
    expect(written).toMatchObject({ user: 'operator', details: { approvedBy: 'engineer' } });

    // The requester withdraws a write.
    const stop = (await write(false)).json<ApprovalDto>();
    const cancelled = await call(op, 'POST', `/api/approvals/${stop.id}/cancel`, {});
    expect(cancelled.json()).toMatchObject({ state: 'cancelled' });

    // Approved, but an interlock now holds: refused when applied, and nothing more is sent.
    t.set('P-103.CMD', false);
    const blocked = (await write(true)).json<ApprovalDto>();
    t.set('LT-105', 97);
    const late = await call(eng, 'POST', `/api/approvals/${blocked.id}/approve`, {
      password: 'process design secret 2',
    });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ interlock: 'IL-105-HH', approval: { state: 'failed' } });
    expect(t.portOf('P-103.CMD').writes).toHaveLength(1);
    // A write that is blocked now does not wait at all.
    expect((await write(true)).statusCode).toBe(409);
  });

  it('announces requests and decisions to every HMI over socket.io (the list first, then each change)', async () => {
    const { t } = await setup();
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const eng = await t.login('engineer');
    const viewer = await t.login('viewer');
    const socket = connect(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { token: viewer.token },
    });
    try {
      const events: ApprovalDto[][] = [];
      socket.on('approvals', (list: ApprovalDto[]) => events.push(list));
      const waitUntil = (n: number) =>
        waitFor(() => events.length >= n, { timeoutMs: 5000, what: `approvals event ${n}` });
      await waitUntil(1);
      expect(events[0]).toEqual([]);
      const { id } = (await callOf(t)(eng, 'PATCH', settings, change)).json<ApprovalDto>();
      await waitUntil(2);
      expect(events[1]).toMatchObject([{ id, state: 'pending', requestedBy: 'engineer' }]);
      await callOf(t)(eng, 'POST', `/api/approvals/${id}/cancel`, {});
      await waitUntil(3);
      expect(events[2]).toMatchObject([{ id, state: 'cancelled' }]);
    } finally {
      socket.close();
    }
  });

  it('asks an approver with two-factor authentication for their code; a right approval clears the throttle', async () => {
    const { t, alarms } = await setup();
    const call = callOf(t);
    const [eng, eng2, admin] = [
      await t.login('engineer'),
      await t.login(SECOND.name, SECOND.password),
      await t.login('admin'),
    ];
    const codeNow = (secret: string) =>
      authenticator.clone({ epoch: t.clock.now() }).generate(secret);
    const { secret } = t.users.mfa.startEnrolment(SECOND.name)!;
    expect(t.users.mfa.confirm(SECOND.name, codeNow(secret))).not.toBeNull();
    t.clock.advance(30_000); // the confirmation spent this step's code
    const { id } = (await call(eng, 'PATCH', settings, change)).json<ApprovalDto>();
    const approve = (body: object) => call(eng2, 'POST', `/api/approvals/${id}/approve`, body);
    const none = await approve({ password: SECOND.password });
    expect(none.statusCode).toBe(403);
    expect(none.json().error.message).toMatch(/two-factor code/);
    const wrong = await approve({ password: SECOND.password, code: '000000' });
    expect(wrong.statusCode).toBe(403);
    expect(alarms.get('LIC-402.HH')!.limit).toBe(90);
    const ok = await approve({ password: SECOND.password, code: codeNow(secret) });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(alarms.get('LIC-402.HH')!.limit).toBe(88);
    expect(t.auditRecords().filter((r) => r.action === 'approval-mfa-failed')).toHaveLength(2);

    // Six right approvals in a row: none is delayed, the throttle counts failures only.
    for (let i = 0; i < 6; i++) {
      const r = await call(eng, 'PATCH', settings, { limit: 87 - i, reason: `step ${i}` });
      const { id: next } = r.json<ApprovalDto>();
      const res = await call(admin, 'POST', `/api/approvals/${next}/approve`, {
        password: 'plant control secret 1',
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    expect(alarms.get('LIC-402.HH')!.limit).toBe(82);
  });
});
