// Assembles a small gateway app from the security, audit and command plugins, a real TagEngine of the pilot plant and PLC stand-ins.
import { loadPlantFile, type Plant } from '@zld/plant';
import { ManualClock, TagEngine, type Quality } from '@zld/tags';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { auditPlugin, AuditStore } from '../../apps/gateway/src/audit/index.js';
import {
  CommandService,
  commandPlugin,
  type ReadbackFailure,
} from '../../apps/gateway/src/commands/index.js';
import { manualSleep } from '../../apps/gateway/src/commands/manual-sleep.fixture.js';
import { RecordingPort } from '../../apps/gateway/src/commands/recording-port.fixture.js';
import { accessPlugin } from '../../apps/gateway/src/plugins/access-plugin.js';
import { errorsPlugin } from '../../apps/gateway/src/plugins/errors-plugin.js';
import {
  createAuthorizer,
  LoginThrottle,
  securityHeadersPlugin,
  securityPlugin,
  SessionManager,
  UserStore,
  type RateLimitSetting,
  type SessionPolicy,
  type ThrottlePolicy,
} from '../../apps/gateway/src/security/index.js';

export const T0 = Date.parse('2025-03-01T06:00:00Z');
export const PASSWORDS = {
  admin: 'plant control secret 1',
  engineer: 'process design secret 2',
  operator: 'brine loop secret 3',
  viewer: 'read only secret 4',
} as const;
export type TestRole = keyof typeof PASSWORDS;
export const ROLES_LOW_TO_HIGH: readonly TestRole[] = ['viewer', 'operator', 'engineer', 'admin'];

export interface SecurityAppOptions {
  plant?: Plant;
  sessionPolicy?: Partial<SessionPolicy>;
  throttlePolicy?: Partial<ThrottlePolicy>;
  rateLimits?: { login?: RateLimitSetting; users?: RateLimitSetting; commands?: RateLimitSetting };
  secureCookies?: boolean;
  server?: Partial<FastifyServerOptions> & { https?: unknown };
}

export interface Login {
  token: string;
  /** `zld_session=<secret>` for a Cookie header. */
  cookie: string;
  setCookie: string;
}

const generous = { max: 100_000, timeWindowMs: 60_000 };

/** A gateway-like app; values enter through `set` (tag engine and PLC stand-in alike). */
export async function buildSecurityApp(options: SecurityAppOptions = {}) {
  const plant = options.plant ?? loadPlantFile();
  const clock = new ManualClock(T0);
  const engine = new TagEngine(plant, { startTs: T0 });
  const ports = new Map(plant.plcs.map((p) => [p.id, new RecordingPort()] as const));
  const audit = new AuditStore({ path: ':memory:', clock });
  const users = new UserStore({ path: ':memory:', clock, cost: { N: 1024, r: 8, p: 1 } });
  for (const role of ROLES_LOW_TO_HIGH) await users.add(role, PASSWORDS[role], role);
  const sessions = new SessionManager(clock, options.sessionPolicy);
  const throttle = new LoginThrottle(options.throttlePolicy);
  const readbackFailures: ReadbackFailure[] = [];
  const service = new CommandService({
    plant,
    values: (n) => engine.get(n),
    port: (id) => ports.get(id),
    audit,
    clock,
    sleep: manualSleep(clock),
    readback: { timeoutMs: 2000, intervalMs: 100 },
    onReadbackFailure: (f) => readbackFailures.push(f),
  });

  // The same server options as the gateway's buildApp.
  const app: FastifyInstance = Fastify({
    logger: false,
    exposeHeadRoutes: false,
    ajv: { customOptions: { removeAdditional: false, allowUnionTypes: true } },
    bodyLimit: 64 * 1024,
    ...(options.server as object),
  });
  await app.register(errorsPlugin);
  await app.register(securityHeadersPlugin, { tls: options.secureCookies ?? false });
  await app.register(accessPlugin, { authorizer: createAuthorizer(sessions) });
  await app.register(auditPlugin, { store: audit });
  await app.register(securityPlugin, {
    users,
    sessions,
    throttle,
    audit,
    clock,
    secureCookies: options.secureCookies ?? false,
    rateLimits: {
      login: options.rateLimits?.login ?? generous,
      users: options.rateLimits?.users ?? generous,
    },
  });
  await app.register(commandPlugin, {
    service,
    rateLimit: options.rateLimits?.commands ?? generous,
  });
  await app.ready();

  const set = (name: string, value: number | boolean | null, quality: Quality = 'Good') => {
    engine.update(name, value, quality, undefined, clock.now());
    if (value !== null) ports.get(plant.tag(name).plc!)!.held.set(name, value);
  };
  const portOf = (tag: string) => ports.get(plant.tag(tag).plc!)!;

  async function login(role: TestRole | string, password?: string): Promise<Login> {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: role, password: password ?? PASSWORDS[role as TestRole] },
    });
    if (res.statusCode !== 200) throw new Error(`login ${role}: ${res.statusCode} ${res.body}`);
    const setCookie = String(res.headers['set-cookie']);
    return {
      token: res.json<{ token: string }>().token,
      cookie: setCookie.split(';')[0]!,
      setCookie,
    };
  }

  const auditRecords = () => audit.query({ from: 0, to: Number.MAX_SAFE_INTEGER, limit: 100_000 });

  return {
    app,
    plant,
    clock,
    engine,
    ports,
    audit,
    users,
    sessions,
    throttle,
    service,
    readbackFailures,
    set,
    portOf,
    login,
    auditRecords,
    bearer: (l: Login) => ({ authorization: `Bearer ${l.token}` }),
    close: () => app.close(),
  };
}

export type SecurityApp = Awaited<ReturnType<typeof buildSecurityApp>>;
