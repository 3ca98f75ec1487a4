import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testRuntime, type TestRuntime } from './alarming/test-runtime.fixture.js';
import { buildApp } from './app.js';
import { AuditStore } from './audit/audit-store.js';
import { manualSleep } from './commands/manual-sleep.fixture.js';
import { RecordingPort } from './commands/recording-port.fixture.js';
import { startGateway, type RunningGateway } from './lifecycle.js';
import { LoginThrottle } from './security/login-throttle.js';
import { SessionManager } from './security/session-manager.js';
import { UserStore } from './security/user-store.js';
import { openServices, type GatewayServices } from './services.js';

/** The gateway as main.ts composes it, on a runtime fed by the test and one PLC stand-in for every PLC. */
describe('the services as main.ts wires them', () => {
  let rt: TestRuntime;
  let dataDir: string;
  let audit: AuditStore;
  let users: UserStore;
  let sessions: SessionManager;
  let port: RecordingPort;
  let features: GatewayServices;
  let gateway: RunningGateway;
  let inject: ReturnType<typeof buildApp>['inject'];

  beforeEach(async () => {
    rt = testRuntime();
    dataDir = await mkdtemp(join(tmpdir(), 'zld-services-'));
    audit = new AuditStore({ path: ':memory:', clock: rt.clock });
    users = new UserStore({ path: ':memory:', clock: rt.clock, cost: { N: 1024, r: 8, p: 1 } });
    sessions = new SessionManager(rt.clock);
    port = new RecordingPort();
    features = await openServices({ runtime: rt.runtime, dataDir, audit });
    const app = buildApp({
      runtime: rt.runtime,
      security: {
        parts: { users, sessions, throttle: new LoginThrottle(), audit },
        clock: rt.clock,
        commands: {
          port: () => port,
          sleep: manualSleep(rt.clock),
          readback: { timeoutMs: 2000, intervalMs: 100 },
          ...features.commands,
        },
      },
      ...features.app,
      processMetrics: false,
    });
    inject = app.inject.bind(app);
    gateway = await startGateway({ services: features.services, runtime: rt.runtime, app });
  });
  afterEach(async () => {
    await gateway.stop();
    users.close();
    audit.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const bearer = (role: 'viewer' | 'operator' | 'engineer') => ({
    authorization: `Bearer ${sessions.create({ username: `${role}1`, role }, '127.0.0.1').token}`,
  });

  /** The PLC and the tag engine both hold `value` (a fresh scan: the tag is not stale). */
  const scanned = async (tag: string, value: number) => {
    port.held.set(tag, value);
    rt.push(tag, value);
    await rt.settle();
  };

  it('raises the write-verification alarm on a failed read-back and clears it once a later write is verified', async () => {
    const tag = 'FIC-106.SP';
    const id = features.alarms.readbackAlarmId(tag);
    const write = (value: number) =>
      inject({
        method: 'POST',
        url: `/api/tags/${tag}/write`,
        headers: bearer('operator'),
        payload: { value },
      });
    await scanned(tag, 25);
    port.apply = () => undefined; // the PLC keeps its old value
    expect((await write(28)).statusCode).toBe(502);
    expect(features.alarms.get(id)).toMatchObject({ active: true, acked: false });

    // The PLC still reads 25, not the 28 that failed: only the verified write can clear the alarm.
    await scanned(tag, 25);
    port.apply = (_tag, value) => value;
    expect((await write(30)).statusCode).toBe(200);
    expect(features.alarms.get(id)).toMatchObject({ active: false, acked: false });
  });

  it("answers the limits as an engineer changed them, and the historian's health", async () => {
    features.alarms.changeSettings(
      'LIC-402.HH',
      { user: 'engineer1' },
      { limit: 84, reason: 'overflow line moved' },
    );
    const tag = await inject({ url: '/api/tags/LIC-402', headers: bearer('viewer') });
    expect(tag.json()).toMatchObject({ limits: { LL: 10, L: 20, H: 80, HH: 84 } });
    const health = await inject({ url: '/healthz', headers: bearer('viewer') });
    expect(health.json()).toMatchObject({ historian: { backend: 'sqlite', connected: true } });
  });

  it('answers /healthz to an anonymous caller with its status and time only', async () => {
    const anonymous = await inject({ url: '/healthz' });
    expect(anonymous.statusCode).toBe(200);
    const body = anonymous.json<Record<string, unknown>>();
    expect(Object.keys(body).sort()).toEqual(['status', 'time']);
    expect(['ok', 'degraded']).toContain(body.status);
    // A session of any role gets the details (PLC links and their errors, the historian).
    const viewer = await inject({ url: '/healthz', headers: bearer('viewer') });
    expect(viewer.json()).toHaveProperty('plcs');
    expect(viewer.json()).toHaveProperty('historian');
  });
});
