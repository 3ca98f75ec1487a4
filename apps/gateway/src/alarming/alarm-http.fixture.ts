// TEST FIXTURE: the real gateway app (access, errors, live) with real sessions and audit, plus the alarm and balance plugins.
import type { Role } from '@zld/api';
import { wallClock } from '@zld/tags';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.js';
import { AuditStore } from '../audit/audit-store.js';
import { balanceLive } from '../balance/balance-live.js';
import { balanceRoutes } from '../balance/balance-routes.js';
import { BalanceService } from '../balance/balance-service.js';
import { startGateway } from '../lifecycle.js';
import { createAuthorizer } from '../security/authorizer.js';
import { SessionManager } from '../security/session-manager.js';
import { AlarmJournal } from './alarm-journal.js';
import { alarmLive } from './alarm-live.js';
import { alarmRoutes } from './alarm-routes.js';
import { AlarmService } from './alarm-service.js';
import { testRuntime, type TestRuntime } from './test-runtime.fixture.js';

export interface TestApp extends TestRuntime {
  app: FastifyInstance;
  alarms: AlarmService;
  balance: BalanceService;
  audit: AuditStore;
  /** A bearer token of a fresh session with this role. */
  token(role: Role, username?: string): string;
  /** `app.inject` as a user of this role (no role: no credentials). */
  call(
    role: Role | null,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: unknown,
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * Timers off unless asked: the test drives evaluations with `alarms.tick()` / `balance.tick()` on the
 * manual clock. Both services start with the gateway (`startGateway`), unless `startBalance` is
 * false. The balance's flat-line check is off unless `flatlineS` is given.
 */
export async function testApp(
  options: { timers?: boolean; startBalance?: boolean; flatlineS?: number } = {},
): Promise<TestApp> {
  const rt = testRuntime();
  const sessions = new SessionManager(wallClock);
  const audit = new AuditStore({ path: ':memory:', clock: rt.clock });
  const alarms = new AlarmService({
    plant: rt.plant,
    source: rt.runtime,
    clock: rt.clock,
    journal: new AlarmJournal(':memory:'),
    audit,
    evaluateEveryMs: options.timers ? 250 : 0,
    saveEveryMs: 0,
  });
  const balance = new BalanceService({
    plant: rt.plant,
    source: rt.runtime,
    clock: rt.clock,
    computeEveryMs: options.timers ? 500 : 0,
    // The tests' levels hold perfectly still unless told otherwise: no flat-line check by default.
    flatlineS: options.flatlineS ?? 0,
  });
  const app = buildApp({
    runtime: rt.runtime,
    authorizer: createAuthorizer(sessions),
    tagLimits: (tag) => alarms.limitsOf(tag),
  });
  app.register(alarmRoutes, { service: alarms });
  app.register(alarmLive, { service: alarms });
  app.register(balanceRoutes, { service: balance });
  app.register(balanceLive, { service: balance });
  const gateway = await startGateway({
    services: options.startBalance !== false ? [alarms, balance] : [alarms],
    runtime: rt.runtime,
    app,
  });
  const token = (role: Role, username = `${role}1`) =>
    sessions.create({ username, role }, '127.0.0.1').token;
  return {
    ...rt,
    app,
    alarms,
    balance,
    audit,
    token,
    call: (role, method, url, payload) =>
      app.inject({
        method,
        url,
        headers: role ? { authorization: `Bearer ${token(role)}` } : {},
        ...(payload !== undefined ? { payload: payload as object } : {}),
      }),
    close: async () => {
      await gateway.stop();
      balance.stop();
      audit.close();
    },
  };
}
