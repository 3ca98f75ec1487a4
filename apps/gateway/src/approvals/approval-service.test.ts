import type { ApprovalDto, Role } from '@zld/api';
import { ManualClock } from '@zld/tags';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditStore } from '../audit/audit-store.js';
import { ApprovalError, ApprovalService, type ApprovalRequest } from './approval-service.js';

const T0 = Date.parse('2025-03-01T06:00:00Z');
const stores: AuditStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

function setup(
  roles: Record<string, Role> = { ann: 'engineer', bob: 'engineer', olga: 'operator' },
) {
  const clock = new ManualClock(T0);
  const audit = new AuditStore({ path: ':memory:', clock });
  stores.push(audit);
  const service = new ApprovalService({
    clock,
    audit,
    timeLimitMs: 60_000,
    roleOf: (u) => roles[u] ?? null,
    keepRecent: 2,
  });
  const heard: ApprovalDto[][] = [];
  service.onChange((c) => heard.push([...c]));
  const applied: string[] = [];
  const req = (over: Partial<ApprovalRequest> = {}): ApprovalRequest => ({
    kind: 'alarm-settings',
    target: 'LIC-402.HH',
    summary: 'change LIC-402.HH: limit 88',
    oldValue: { limit: 90 },
    newValue: { limit: 88 },
    reason: 'moved',
    requiredRole: 'engineer',
    category: 'alarm',
    apply: ({ approver }) => {
      applied.push(approver);
      return { status: 200, body: { limit: 88 } };
    },
    ...over,
  });
  const who = (username: string) => ({
    username,
    role: roles[username] ?? ('viewer' as Role),
    sessionRef: `s-${username}`,
    source: '127.0.0.1',
  });
  const actions = () =>
    audit.query({ from: 0, to: Number.MAX_SAFE_INTEGER }).map((r) => `${r.action} ${r.outcome}`);
  const categories = () =>
    audit.query({ from: 0, to: Number.MAX_SAFE_INTEGER }).map((r) => r.category);
  return { clock, roles, service, heard, applied, req, who, actions, categories };
}

describe('ApprovalService', () => {
  it('expires a request on the sweep: audited, announced, and no longer approvable', async () => {
    const t = setup();
    const a = t.service.request(t.req(), t.who('ann'));
    t.clock.advance(59_999);
    t.service.sweep();
    expect(t.service.get(a.id)?.state).toBe('pending');
    t.clock.advance(1);
    t.service.sweep();
    expect(t.heard.at(-1)).toMatchObject([{ id: a.id, state: 'expired' }]);
    await expect(t.service.approve(a.id, t.who('bob'))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(t.applied).toEqual([]);
    expect(t.actions()).toEqual([
      'approval-request pending',
      'approval-expire failure',
      'approval-approve refused',
    ]);
    expect(t.categories()).toEqual(['alarm', 'alarm', 'alarm']);
  });

  it('fails an approval whose requester no longer holds the role, and one whose action throws', async () => {
    const t = setup();
    const a = t.service.request(t.req(), t.who('ann'));
    t.roles['ann'] = 'operator';
    const r = await t.service.approve(a.id, t.who('bob'));
    expect(r.approval).toMatchObject({ state: 'failed', result: { status: 403 } });
    expect(t.applied).toEqual([]);
    const b = t.service.request(
      t.req({
        apply: () => {
          throw new Error('disk full');
        },
      }),
      t.who('bob'),
    );
    t.roles['ann'] = 'engineer';
    const r2 = await t.service.approve(b.id, t.who('ann'));
    expect(r2.approval).toMatchObject({ state: 'failed', result: { status: 500 } });
    expect(t.actions().filter((x) => x.startsWith('approval-approve'))).toEqual([
      'approval-approve failure',
      'approval-approve failure',
    ]);
  });

  it('keeps one pending request per item, and the last decisions only', () => {
    const t = setup();
    const a = t.service.request(t.req(), t.who('ann'));
    expect(() => t.service.request(t.req(), t.who('bob'))).toThrow(ApprovalError);
    t.service.cancel(a.id, t.who('ann'));
    for (let i = 0; i < 3; i++)
      t.service.cancel(t.service.request(t.req(), t.who('ann')).id, t.who('ann'));
    expect(t.service.list().map((x) => x.state)).toEqual(['cancelled', 'cancelled']);
  });
});
