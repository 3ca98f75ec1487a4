// The gateway as main.ts assembles it: a tampered audit trail at start raises SYS.AUDIT (and the gateway runs on), a lock-out raises SYS.LOGIN.
import { loadPlantFile, PILOT_PLANT_FILE } from '@zld/plant';
import { wallClock } from '@zld/tags';
import Database from 'better-sqlite3';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_ALARM_ID, LOGIN_ALARM_ID } from './alarming/system-alarms.js';
import { assembleGateway, type GatewayAssembly } from './assemble-gateway.js';
import { AUDIT_HEAD_SERIES } from './audit/audit-anchoring.js';
import { StartupRefusedError } from './security/bootstrap-admin.js';
import { openSecurity, type SecurityParts } from './security/open-security.js';

const PASSWORD = 'a long test password for the first admin';
const plant = loadPlantFile(join(PILOT_PLANT_FILE, '..', 'small-line.yaml'));
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const lines: string[] = [];
const logger = {
  info: (m: string) => lines.push(m),
  warn: () => {},
  error: (m: string) => lines.push(m),
};

let dir: string;
let security: SecurityParts | undefined;
let assembly: GatewayAssembly | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zld-audit-alarms-'));
  lines.length = 0;
});
afterEach(async () => {
  await assembly?.app.close();
  for (const s of [...(assembly?.services ?? [])].reverse()) await s.stop();
  if (!assembly) security?.close();
  assembly = security = undefined;
  await rm(dir, { recursive: true, force: true });
});

const open = () =>
  openSecurity({
    dataDir: dir,
    clock: wallClock,
    adminPassword: PASSWORD,
    scryptCost: { N: 1024, r: 8, p: 1 },
    throttlePolicy: { pair: { freeFailures: 5, lockAfter: 2, lockMs: 60_000 } },
  });

async function assemble(): Promise<GatewayAssembly> {
  security = await open();
  assembly = await assembleGateway({
    plant,
    clock: 'wall',
    plcEndpoints: { Line1_PLC: { host: '127.0.0.1', port: 1 } },
    dataDir: dir,
    security,
    driverOptions: { logger: silent },
    logger,
    metricsRegistry: new Registry(),
    auditAnchorEveryMs: 0,
  });
  for (const s of assembly.services) await s.start?.();
  assembly.features.alarms.tick();
  return assembly;
}

/** A trail of 40 records written by an earlier run, closed (and so anchored). */
async function earlierRun(): Promise<void> {
  const s = await open();
  for (let i = 0; i < 40; i++)
    s.audit.record({ category: 'auth', action: 'login', outcome: 'success' });
  s.close();
}

describe('the audit trail checked at start', () => {
  it('raises the critical SYS.AUDIT alarm on a trail cut short, records it, and keeps serving', async () => {
    await earlierRun();
    const db = new Database(join(dir, 'audit.sqlite'));
    db.exec('DROP TRIGGER audit_no_delete');
    db.prepare('DELETE FROM audit WHERE seq > (SELECT max(seq) - 20 FROM audit)').run();
    db.close();
    const a = await assemble();
    expect(security!.auditCheck).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/truncated/),
    });
    expect(a.features.alarms.get(AUDIT_ALARM_ID)).toMatchObject({
      active: true,
      priority: 'critical',
      message: 'AUDIT TRAIL INTEGRITY',
    });
    // The failure is in the trail itself, and the route says the same.
    const found = security!.audit.query({ from: 0, to: Date.now() + 1 });
    expect(found.some((r) => r.action === 'audit-verify' && r.outcome === 'failure')).toBe(true);
    const login = await a.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: PASSWORD },
    });
    const token = login.json<{ token: string }>().token;
    const res = await a.app.inject({
      url: '/api/audit/verify',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: false, firstBadSeq: expect.any(Number) });
  });

  it('raises nothing on an intact trail, and anchors the head in the log, the historian and the file', async () => {
    await earlierRun();
    const a = await assemble();
    expect(security!.auditCheck).toMatchObject({ ok: true, anchorsChecked: 2 });
    expect(a.features.alarms.get(AUDIT_ALARM_ID)).toMatchObject({ active: false });
    const head = security!.audit.head();
    expect(lines).toContainEqual(expect.stringContaining(`audit anchor {`));
    expect(lines.join('\n')).toContain(`"seq":${head.seq}`);
    await a.features.history.flush();
    const [series] = await a.features.history.historian.query({
      tags: [AUDIT_HEAD_SERIES],
      from: 0,
      to: Date.now() + 1000,
      maxPoints: 100,
    });
    expect(series).toMatchObject({
      mode: 'raw',
      points: [expect.objectContaining({ value: head.seq, seq: 1 })],
    });
    const file = await readFile(join(dir, 'audit-anchors.jsonl'), 'utf8');
    expect(file.trim().split('\n').length).toBeGreaterThanOrEqual(3);
  });
});

describe('the audit key at start', () => {
  it('refuses to start in production when others can read the key file', async () => {
    const key = join(dir, 'readable.key');
    await writeFile(key, `${'cd'.repeat(32)}\n`, { mode: 0o644 });
    await chmod(key, 0o644);
    const start = openSecurity({
      dataDir: dir,
      clock: wallClock,
      adminPassword: PASSWORD,
      production: true,
      auditKeyFile: key,
    });
    await expect(start).rejects.toThrow(StartupRefusedError);
    await expect(start).rejects.toThrow(/mode 644: others can read/);
  });
});

describe('login lock-outs', () => {
  it('raise SYS.LOGIN, which returns to normal when no lock-out is in force', async () => {
    const a = await assemble();
    expect(a.features.alarms.get(LOGIN_ALARM_ID)).toMatchObject({
      active: false,
      priority: 'medium',
    });
    for (let i = 0; i < 2; i++) {
      const res = await a.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: 'not the password at all' },
      });
      expect(res.statusCode).toBe(401);
    }
    expect(a.features.alarms.get(LOGIN_ALARM_ID)).toMatchObject({
      active: true,
      message: 'LOGIN LOCK-OUT',
    });
    const found = security!.audit.query({ from: 0, to: Date.now() + 1 });
    expect(found.some((r) => r.action === 'login-lockout')).toBe(true);
    security!.throttle.unlock('admin');
    a.features.alarms.tick();
    expect(a.features.alarms.get(LOGIN_ALARM_ID)).toMatchObject({ active: false });
  });
});
