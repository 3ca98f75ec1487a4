// The command path end to end against the REAL simulated PLCs: write, read-back, select-before-operate, refusals, audit.
import type {
  AuditRecordDto,
  CommandRefusalDto,
  SelectResultDto,
  TagDto,
  WriteResultDto,
} from '@zld/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSimulators, type TestSimulators } from '../helpers/simulators.js';
import { waitFor } from '@zld/testkit';
import { startSecureGateway, type SecureGateway } from './secure-gateway.js';

let sims: TestSimulators;
let gw: SecureGateway;
let operator: string;
let engineer: string;
let viewer: string;

const tag = async (name: string): Promise<TagDto> =>
  (await gw.call('GET', `/api/tags/${name}`, { token: viewer })).body as TagDto;

const simValue = async (name: string) => (await sims.state()).tags[name];

/** The audit records of one tag since a time, oldest first (as an engineer reads them). */
async function auditOf(target: string, since: string): Promise<AuditRecordDto[]> {
  const res = await gw.call('GET', `/api/audit?from=${encodeURIComponent(since)}`, {
    token: engineer,
  });
  expect(res.status).toBe(200);
  return (res.body as AuditRecordDto[]).filter((r) => r.target === target);
}

beforeAll(async () => {
  sims = await startTestSimulators({ speed: 5 });
  gw = await startSecureGateway({ plcEndpoints: sims.plcEndpoints });
  operator = await gw.userWithRole('op.anna', 'operator');
  engineer = await gw.userWithRole('eng.ben', 'engineer');
  viewer = await gw.userWithRole('view.carl', 'viewer');
  await waitFor(
    async () => {
      const h = (await gw.call('GET', '/healthz')).body as { status: string };
      const names = ['LIC-402.SP', 'P-103.CMD', 'FIC-106.SP', 'XV-901.CMD'];
      const all = await Promise.all(names.map(tag));
      return h.status === 'ok' && all.every((t) => t.quality === 'Good');
    },
    { timeoutMs: 30_000, intervalMs: 200, what: 'every PLC connected and the targets Good' },
  );
}, 90_000);
afterAll(async () => {
  await gw?.close();
  await sims?.stop();
});

describe('the command path against the simulated PLCs', () => {
  it('writes LIC-402.SP over OPC UA: the PLC holds it, the read-back confirms it, the audit has old and new', async () => {
    const since = new Date().toISOString();
    const before = await tag('LIC-402.SP');
    const old = before.value as number;
    const target = Math.round((old <= 60 ? old + 5 : old - 5) * 10) / 10;
    const res = await gw.call('POST', '/api/tags/LIC-402.SP/write', {
      token: operator,
      body: { value: target, reason: 'raise the feed tank level', commandId: 'e2e-lic402-1' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const done = res.body as WriteResultDto;
    expect(done).toMatchObject({ tag: 'LIC-402.SP', requested: target, duplicate: false });
    expect(done.value as number).toBeCloseTo(target, 2);
    expect(done.oldValue as number).toBeCloseTo(old, 2);
    // The simulated PLC holds the new setpoint, and the gateway reads it back in its scans.
    expect(Number(await simValue('LIC-402.SP'))).toBeCloseTo(target, 2);
    await waitFor(
      async () => Math.abs(((await tag('LIC-402.SP')).value as number) - target) < 0.05,
      {
        timeoutMs: 5000,
        what: 'LIC-402.SP read back on the scan',
      },
    );
    const audit = await auditOf('LIC-402.SP', since);
    expect(audit.map((r) => `${r.action}:${r.outcome}`)).toEqual([
      'write-send:pending',
      'write:success',
    ]);
    expect(audit[1]).toMatchObject({
      category: 'command',
      user: 'op.anna',
      source: '127.0.0.1',
      newValue: target,
      details: expect.objectContaining({ operatorReason: 'raise the feed tank level' }),
    });
    expect(audit[1]!.oldValue as number).toBeCloseTo(old, 2);
    // A retry with the same command id is answered, not executed again.
    const again = await gw.call('POST', '/api/tags/LIC-402.SP/write', {
      token: operator,
      body: { value: target, reason: 'raise the feed tank level', commandId: 'e2e-lic402-1' },
    });
    expect(again.body).toMatchObject({ commandId: 'e2e-lic402-1', duplicate: true });
  });

  it('starts pump P-103 over Modbus with select-before-operate, and the pump runs', async () => {
    const write = (value: boolean, selectId?: string) =>
      gw.call('POST', '/api/tags/P-103.CMD/write', {
        token: operator,
        body: { value, ...(selectId ? { selectId } : {}) },
      });
    const select = async (value: boolean) => {
      const res = await gw.call('POST', '/api/tags/P-103.CMD/select', {
        token: operator,
        body: { value },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as SelectResultDto;
    };
    // Stopped first (if it runs), so that the start is a real change.
    if ((await tag('P-103.CMD')).value === true) {
      const stop = await write(false, (await select(false)).selectId);
      expect(stop.status, JSON.stringify(stop.body)).toBe(200);
      // The read-back confirmed it on the device; the gateway's scan shows it within a period.
      await waitFor(
        async () =>
          (await tag('P-103.CMD')).value === false && (await tag('P-103.RUN')).value === false,
        { timeoutMs: 15_000, what: 'P-103 stopped' },
      );
    }
    const since = new Date().toISOString();
    // Operate without a select: refused, nothing sent.
    const unselected = await write(true);
    expect(unselected.status).toBe(409);
    expect(unselected.body as CommandRefusalDto).toMatchObject({
      error: { code: 'CONFLICT' },
      sbo: 'NO_SELECT',
    });
    expect(await simValue('P-103.CMD')).toBe(false);
    // Select, then operate with the select id and the same value.
    const sel = await select(true);
    expect(sel).toMatchObject({ tag: 'P-103.CMD', value: true });
    const start = await write(true, sel.selectId);
    expect(start.status, JSON.stringify(start.body)).toBe(200);
    expect(start.body).toMatchObject({ tag: 'P-103.CMD', value: true, oldValue: false });
    expect(await simValue('P-103.CMD')).toBe(true);
    await waitFor(async () => (await tag('P-103.RUN')).value === true, {
      timeoutMs: 15_000,
      what: 'P-103 running',
    });
    // A select is consumed by its operate.
    expect((await write(true, sel.selectId)).body).toMatchObject({ sbo: 'NO_SELECT' });
    expect((await auditOf('P-103.CMD', since)).map((r) => `${r.action}:${r.outcome}`)).toEqual([
      'write:refused',
      'select:success',
      'write-send:pending',
      'write:success',
      'write:refused',
    ]);
  });

  it('refuses out-of-limit, not-writable and interlocked writes with their statuses, sends nothing, audits each', async () => {
    const since = new Date().toISOString();
    const sp = await simValue('LIC-402.SP');
    const outfall = await simValue('XV-901.CMD');

    const limit = await gw.call('POST', '/api/tags/LIC-402.SP/write', {
      token: operator,
      body: { value: 95 },
    });
    expect(limit.status).toBe(400);
    expect(limit.body).toMatchObject({ error: { code: 'BAD_REQUEST' }, tag: 'LIC-402.SP' });
    expect(limit.body.reason).toMatch(/above the write limit 70/);

    const measured = await gw.call('POST', '/api/tags/FT-001/write', {
      token: operator,
      body: { value: 1 },
    });
    expect(measured.status).toBe(403);
    expect(measured.body).toMatchObject({
      error: { code: 'FORBIDDEN' },
      reason: 'FT-001 is not writable',
    });

    const interlocked = await gw.call('POST', '/api/tags/XV-901.CMD/write', {
      token: operator,
      body: { value: true, reason: 'drain the outfall sump' },
    });
    expect(interlocked.status).toBe(409);
    expect(interlocked.body).toMatchObject({
      error: { code: 'CONFLICT' },
      interlock: 'IL-ZLD-OUTFALL',
      reason: 'Zero liquid discharge: XV-901 (outfall) cannot be opened from the HMI.',
    });

    const viewerWrite = await gw.call('POST', '/api/tags/LIC-402.SP/write', {
      token: viewer,
      body: { value: 50 },
    });
    expect(viewerWrite.status).toBe(403);

    // Nothing reached the PLCs.
    expect(await simValue('LIC-402.SP')).toBe(sp);
    expect(await simValue('XV-901.CMD')).toBe(outfall);
    expect(outfall).toBe(false);
    const refused = [
      ...(await auditOf('LIC-402.SP', since)),
      ...(await auditOf('FT-001', since)),
      ...(await auditOf('XV-901.CMD', since)),
    ];
    expect(refused.map((r) => [r.target, r.action, r.outcome, r.user])).toEqual([
      ['LIC-402.SP', 'write', 'refused', 'op.anna'],
      ['FT-001', 'write', 'refused', 'op.anna'],
      ['XV-901.CMD', 'write', 'refused', 'op.anna'],
    ]);
    expect(refused[2]).toMatchObject({
      reason: 'Zero liquid discharge: XV-901 (outfall) cannot be opened from the HMI.',
      details: expect.objectContaining({
        interlock: 'IL-ZLD-OUTFALL',
        operatorReason: 'drain the outfall sump',
      }),
    });
  });

  it('refuses a write to a PLC that went offline (stale target), audited, and writes again once it is back', async () => {
    const since = new Date().toISOString();
    const before = (await tag('FIC-106.SP')).value as number;
    const fault = await sims.addFault({ kind: 'plc-offline', target: 'PLC-100' });
    try {
      await waitFor(async () => (await tag('FIC-106.SP')).quality.startsWith('Bad'), {
        timeoutMs: 15_000,
        what: 'FIC-106.SP Bad after PLC-100 went offline',
      });
      const res = await gw.call('POST', '/api/tags/FIC-106.SP/write', {
        token: operator,
        body: { value: before < 30 ? before + 1 : before - 1 },
      });
      // Bad quality: 409; the driver demoted after repeated timeouts: 503. Either way nothing is sent.
      expect([409, 503], JSON.stringify(res.body)).toContain(res.status);
      expect(res.body.error.code).toBe(res.status === 409 ? 'CONFLICT' : 'UNAVAILABLE');
      expect(res.body.reason).toMatch(res.status === 409 ? /quality is Bad_/ : /demoted/);
      const audit = await auditOf('FIC-106.SP', since);
      expect(audit.map((r) => `${r.action}:${r.outcome}`)).toEqual(['write:refused']);
      expect(audit[0]!.reason).toBe(res.body.reason);
    } finally {
      await sims.clearFault(fault);
    }
    expect(Number(await simValue('FIC-106.SP'))).toBeCloseTo(before, 3);
    // Back online: the same write goes through once the value is Good again.
    await waitFor(
      async () => {
        if ((await tag('FIC-106.SP')).quality !== 'Good') return false;
        // The PLC details of /healthz need a session.
        const h = (await gw.call('GET', '/healthz', { token: viewer })).body as {
          plcs: { id: string; demoted: boolean }[];
        };
        return h.plcs.every((p) => !p.demoted);
      },
      { timeoutMs: 30_000, intervalMs: 250, what: 'PLC-100 back and not demoted' },
    );
    const target = before < 30 ? before + 1 : before - 1;
    const ok = await gw.call('POST', '/api/tags/FIC-106.SP/write', {
      token: operator,
      body: { value: target },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(Number(await simValue('FIC-106.SP'))).toBeCloseTo(target, 2);
  }, 90_000);
});
