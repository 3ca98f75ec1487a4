// Assembles the whole gateway for one plant the way `npm run gateway` runs it: runtime, services, app; nothing starts.
import type { Historian } from '@zld/historian';
import type { Plant } from '@zld/plant';
import type { ClockMode } from '@zld/api';
import { wallClock } from '@zld/tags';
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import type { Registry } from 'prom-client';
import { buildApp, type AppOptions } from './app.js';
import { AuditAnchoring } from './audit/audit-anchoring.js';
import type { EndpointOverride } from './config.js';
import type { Service } from './lifecycle.js';
import { assembleRuntime, type AssembleOptions } from './runtime/assemble.js';
import type { Runtime, RuntimeLogger } from './runtime/runtime.js';
import type { SecurityParts } from './security/open-security.js';
import { openServices, type GatewayServices } from './services.js';
import { RunState } from './state/run-state.js';

/** This gateway's version (its package's), for the audit's start records. */
export const GATEWAY_VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

export interface GatewayAssemblyOptions {
  plant: Plant;
  clock: ClockMode;
  plcEndpoints?: Readonly<Record<string, EndpointOverride>>;
  /** The alarm journal, the embedded historian and its buffer live here. */
  dataDir: string;
  influxUrl?: string;
  /** An already opened historian (tests); default: the one `dataDir`/`influxUrl` name. */
  historian?: Historian;
  /** Users, sessions and audit (opened by the entry module). */
  security: SecurityParts;
  /** Passed to every driver (PKI folder, logger, each protocol's own options). */
  driverOptions?: AssembleOptions['driverOptions'];
  logger: RuntimeLogger;
  metricsRegistry: Registry;
  /** Browser origins besides the served one that may use a session (`--allowed-origin`). */
  allowedOrigins?: readonly string[];
  /** socket.io connections one session may hold (default 8). */
  socketsPerSession?: number;
  /** What the app serves beside the API: TLS, proxy, the built HMI, its log level. */
  app?: Pick<AppOptions, 'https' | 'trustProxy' | 'hmi' | 'logger'>;
  /** Between anchors of the audit trail (default 5 min). */
  auditAnchorEveryMs?: number;
}

export interface GatewayAssembly {
  runtime: Runtime;
  features: GatewayServices;
  app: FastifyInstance;
  /** For `startGateway`, in start order; the security stores close last, the audit anchors stop first. */
  services: readonly Service[];
  /** Start and stop audit, heartbeat, gap marker; set its `stopReason` before stopping. */
  runState: RunState;
  /** Anchors the audit trail's head (every `auditAnchorEveryMs`, at start and at stop). */
  anchoring: AuditAnchoring;
}

/**
 * Every part the plant decides (drivers, tag engine, alarms, balance, historian policies, routes) is made
 * here, so a plant the runtime cannot take fails here, before anything listens or polls. Throws a plain
 * message; the entry module prints it and exits.
 */
export async function assembleGateway(o: GatewayAssemblyOptions): Promise<GatewayAssembly> {
  const runtime = assembleRuntime(o.plant, {
    clock: o.clock,
    ...(o.plcEndpoints ? { plcEndpoints: o.plcEndpoints } : {}),
    logger: o.logger,
    ...(o.driverOptions ? { driverOptions: o.driverOptions } : {}),
  });
  // The services behind the features: alarms (ISA-18.2 engine and journal), the ZLD water balance
  // (publishes FY-910...) when the plant has one, and the historian (store-and-forward in front of the store).
  // SYS.AUDIT: the trail as verified at start, then by each GET /api/audit/verify. SYS.LOGIN: a
  // lock-out in force (the throttle runs on real time).
  const { audit, throttle } = o.security;
  let auditIntact = o.security.auditCheck.ok;
  const features = await openServices({
    runtime,
    dataDir: o.dataDir,
    ...(o.influxUrl !== undefined ? { influxUrl: o.influxUrl } : {}),
    ...(o.historian !== undefined ? { historian: o.historian } : {}),
    audit: o.security.audit,
    registry: o.metricsRegistry,
    logger: o.logger,
    system: {
      auditIntact: () => auditIntact,
      lockoutActive: () => throttle.lockouts(wallClock.now()).length > 0,
    },
  });
  const anchoring = new AuditAnchoring({
    store: audit,
    log: o.logger,
    historian: features.history.historian,
    clock: wallClock,
    ...(o.auditAnchorEveryMs !== undefined ? { everyMs: o.auditAnchorEveryMs } : {}),
  });
  const app = buildApp({
    runtime,
    metricsRegistry: o.metricsRegistry,
    security: {
      parts: o.security,
      // Sessions, throttling and select timeouts are for people: real time, also with --clock plc.
      clock: wallClock,
      secureCookies: o.app?.https !== undefined || o.app?.trustProxy !== undefined,
      commands: features.commands,
      requireMfa: o.security.requireMfa,
      ...(o.allowedOrigins ? { allowedOrigins: o.allowedOrigins } : {}),
      ...(o.socketsPerSession !== undefined ? { socketsPerSession: o.socketsPerSession } : {}),
      onLockout: () => features.alarms.tick(),
      onAuditVerified: (r) => {
        auditIntact = r.ok;
        if (!r.ok) o.logger.error(`audit trail verification failed: ${r.reason}`);
        features.alarms.tick();
      },
    },
    ...features.app,
    ...o.app,
  });
  const runState = new RunState({
    state: o.security.state,
    audit: o.security.audit,
    wall: wallClock,
    historyClock: runtime.timebase.clock,
    historyIsWall: runtime.timebase.mode === 'wall',
    info: { version: GATEWAY_VERSION, plantId: o.plant.id, plantVersion: o.plant.version },
    markGap: (at) => features.history.markGap(at),
  });
  return {
    runtime,
    features,
    app,
    // The run state starts after the history (its gap marker goes there) and before the runtime, and
    // stops after the runtime, so its last heartbeat is later than any sample.
    services: [{ stop: () => o.security.close() }, ...features.services, runState, anchoring],
    runState,
    anchoring,
  };
}
