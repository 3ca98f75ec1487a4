// The gateway's real app (`buildApp` with security, audit and commands) on a runtime of the pilot plant, a manual clock and PLC stand-ins.
import type { Plant } from '@zld/plant';
import { loadPlant } from '@zld/protocols';
import { ManualClock, TagEngine, type Quality } from '@zld/tags';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppFeature } from '../../apps/gateway/src/app.js';
import { AuditStore } from '../../apps/gateway/src/audit/index.js';
import type { ReadbackFailure } from '../../apps/gateway/src/commands/index.js';
import { manualSleep } from '../../apps/gateway/src/commands/manual-sleep.fixture.js';
import { RecordingPort } from '../../apps/gateway/src/commands/recording-port.fixture.js';
import { startGateway, type Service } from '../../apps/gateway/src/lifecycle.js';
import { createRuntime, type Runtime } from '../../apps/gateway/src/runtime/runtime.js';
import { wallTimebase } from '../../apps/gateway/src/runtime/timebase.js';
import {
  LoginThrottle,
  SessionManager,
  UserStore,
  type HttpsServerOptions,
  type RateLimitSetting,
  type ScryptCost,
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
  /** Serve HTTPS (`httpsOptions(...).https`). */
  https?: HttpsServerOptions['https'];
  /**
   * Feature plugins (alarms, balance, history) and the services behind them (started and stopped
   * with the app), given the runtime and audit store of the app.
   */
  features?: (ctx: {
    runtime: Runtime;
    audit: AuditStore;
    clock: ManualClock;
  }) => FeatureSet | Promise<FeatureSet>;
  /** Serve a built HMI from this folder. */
  hmiDir?: string;
  /** scrypt cost of the test users' hashes (default: a cheap one; `DEFAULT_SCRYPT_COST` for timing). */
  scryptCost?: ScryptCost;
  /** fastify's trustProxy (`--trust-proxy`): X-Forwarded-* name the origin. */
  trustProxy?: string;
  /** `--allowed-origin`. */
  allowedOrigins?: string[];
  /** `--sockets-per-session`. */
  socketsPerSession?: number;
  /** Listen on a free loopback port (`address` is its URL); default: `app.inject` only. */
  listen?: boolean;
  /** Engineers and admins must use MFA (as under `--production`). */
  requireMfa?: boolean;
}

export interface FeatureSet {
  features: AppFeature[];
  services?: Service[];
}

export interface Login {
  token: string;
  /** `zld_session=<secret>` for a Cookie header. */
  cookie: string;
  setCookie: string;
}

const generous = { max: 100_000, timeWindowMs: 60_000 };

/**
 * The gateway app as `buildApp` makes it; values enter through `set` (tag engine and PLC stand-in
 * alike). The runtime has no drivers: the command path writes to one `RecordingPort` per PLC. Its
 * staleness tick is off, so values keep their quality while the test moves the clock by hours.
 */
export async function buildSecurityApp(options: SecurityAppOptions = {}) {
  const plant = options.plant ?? loadPlant();
  const clock = new ManualClock(T0);
  const engine = new TagEngine(plant, { startTs: T0 });
  const runtime = createRuntime({
    plant,
    engine,
    timebase: wallTimebase(clock),
    drivers: () => [],
    tickIntervalMs: 24 * 3_600_000,
  });
  const ports = new Map(plant.plcs.map((p) => [p.id, new RecordingPort()] as const));
  const audit = new AuditStore({ path: ':memory:', clock });
  const users = new UserStore({
    path: ':memory:',
    clock,
    cost: options.scryptCost ?? { N: 1024, r: 8, p: 1 },
  });
  for (const role of ROLES_LOW_TO_HIGH) await users.add(role, PASSWORDS[role], role);
  const sessions = new SessionManager(clock, options.sessionPolicy);
  const throttle = new LoginThrottle(options.throttlePolicy);
  const readbackFailures: ReadbackFailure[] = [];
  const { features, services = [] } = options.features
    ? await options.features({ runtime, audit, clock })
    : { features: [] };

  const app: FastifyInstance = buildApp({
    runtime,
    security: {
      parts: { users, sessions, throttle, audit },
      clock,
      ...(options.requireMfa !== undefined ? { requireMfa: options.requireMfa } : {}),
      ...(options.secureCookies !== undefined ? { secureCookies: options.secureCookies } : {}),
      ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
      ...(options.socketsPerSession !== undefined
        ? { socketsPerSession: options.socketsPerSession }
        : {}),
      rateLimits: {
        login: options.rateLimits?.login ?? generous,
        users: options.rateLimits?.users ?? generous,
        commands: options.rateLimits?.commands ?? generous,
      },
      commands: {
        port: (id) => ports.get(id),
        sleep: manualSleep(clock),
        readback: { timeoutMs: 2000, intervalMs: 100 },
        onReadbackFailure: (f) => readbackFailures.push(f),
      },
    },
    ...(options.https ? { https: options.https } : {}),
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    features,
    ...(options.hmiDir ? { hmi: { dir: options.hmiDir } } : {}),
    processMetrics: false,
  });
  const stores: Service = {
    stop: () => {
      users.close();
      audit.close();
    },
  };
  const gateway = await startGateway({
    services: [stores, ...services],
    runtime,
    app,
    ...(options.listen ? { listen: { host: '127.0.0.1', port: 0 } } : {}),
  });
  const service = app.commands;

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
    /** The URL the app listens on with `listen`, else null. */
    address: gateway.address,
    plant,
    clock,
    engine,
    runtime,
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
    close: () => gateway.stop(),
  };
}

export type SecurityApp = Awaited<ReturnType<typeof buildSecurityApp>>;
