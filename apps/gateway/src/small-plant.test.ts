// A small plant with native names through the services and routes as main.ts wires them: no balance, alarms
// and writes on names with "_ . :".
import { loadPlantFile, PILOT_PLANT_FILE } from '@zld/plant';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
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

const SMALL_PLANT_FILE = join(PILOT_PLANT_FILE, '..', 'small-line.yaml');

describe('a small plant with native names, as main.ts wires the services', () => {
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
    dataDir = await mkdtemp(join(tmpdir(), 'zld-small-'));
    // The small plant, with one alarm on a natively named tag.
    const doc = parse(await readFile(SMALL_PLANT_FILE, 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    doc.tags[0].alarms = {
      H: { limit: 120, priority: 'high', cause: 'c', consequence: 'q', action: 'a' },
    };
    const file = join(dataDir, 'small.yaml');
    await writeFile(file, stringify(doc));
    rt = testRuntime(loadPlantFile(file));
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

  const bearer = (role: 'viewer' | 'operator') => ({
    authorization: `Bearer ${sessions.create({ username: `${role}1`, role }, '127.0.0.1').token}`,
  });

  it('has no balance service; the balance route says so with 404', async () => {
    expect(features.balance).toBeUndefined();
    const res = await inject({ url: '/api/water-balance', headers: bearer('viewer') });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: {
        code: 'NOT_FOUND',
        message: 'this plant has no water balance (its plant file defines none)',
      },
    });
  });

  it('reads, writes and alarms tags under names with "_ . :"', async () => {
    const one = await inject({ url: '/api/tags/Batch%3ACount', headers: bearer('viewer') });
    expect(one.json()).toMatchObject({ name: 'Batch:Count', unit: '', range: [0, 65535] });

    port.held.set('Pump.Speed', 100);
    rt.push('Pump.Speed', 100);
    await rt.settle();
    const write = await inject({
      method: 'POST',
      url: '/api/tags/Pump.Speed/write',
      headers: bearer('operator'),
      payload: { value: 1500 },
    });
    expect(write.statusCode).toBe(200);
    expect(port.held.get('Pump.Speed')).toBe(1500);

    rt.push('Line1_Temp', 130);
    await rt.settle();
    rt.clock.advance(1000);
    rt.push('Line1_Temp', 131);
    await rt.settle();
    const alarms = await inject({ url: '/api/alarms', headers: bearer('viewer') });
    expect(alarms.json()).toEqual([expect.objectContaining({ id: 'Line1_Temp.H' })]);
    const ack = await inject({
      method: 'POST',
      url: '/api/alarms/Line1_Temp.H/ack',
      headers: bearer('operator'),
      payload: {},
    });
    expect(ack.statusCode).toBe(200);
  });
});
