// `npm run gateway`: reads the configuration, opens users and audit, assembles runtime and services, starts them and serves; stops on SIGINT/SIGTERM.
import { PlantDefinitionError, type Plant } from '@zld/plant';
import { loadPlant } from '@zld/protocols';
import { wallClock } from '@zld/tags';
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { assembleGateway, type GatewayAssembly } from './assemble-gateway.js';
import { ConfigError, USAGE, readGatewayConfig, type GatewayConfig } from './config.js';
import { isHmiBuilt } from './hmi/hmi-plugin.js';
import { startGateway, type RunningGateway } from './lifecycle.js';
import { plantWarnings } from './plant-warnings.js';
import type { RuntimeLogger } from './runtime/runtime.js';
import { StartupRefusedError } from './security/bootstrap-admin.js';
import { openSecurity, type SecurityParts } from './security/open-security.js';
import { httpsOptions, type HttpsServerOptions } from './security/tls.js';
import { startupBanner } from './startup-banner.js';

/** A start-up problem: printed as is, exit code 1. */
class StartError extends Error {}

function readPlant(config: GatewayConfig): Plant {
  try {
    return loadPlant(config.plantFile);
  } catch (err) {
    throw new StartError(
      err instanceof PlantDefinitionError ? err.message : String((err as Error).message),
    );
  }
}

function readFirstLine(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8').split(/\r?\n/, 1)[0] ?? '';
  } catch (err) {
    throw new StartError(`${what}: cannot read ${file}: ${(err as Error).message}`);
  }
}

function readTls(config: GatewayConfig): HttpsServerOptions['https'] | undefined {
  if (!config.tls) return undefined;
  try {
    return httpsOptions(config.tls).https;
  } catch (err) {
    throw new StartError(`TLS: ${(err as Error).message}`);
  }
}

async function openStores(config: GatewayConfig, log: RuntimeLogger): Promise<SecurityParts> {
  const adminPassword = config.adminPasswordFile
    ? readFirstLine(config.adminPasswordFile, '--admin-password-file')
    : config.adminPassword;
  try {
    const sec = await openSecurity({
      dataDir: config.dataDir,
      clock: wallClock,
      adminPassword,
      production: config.production,
      auditKeyFile: config.auditKeyFile,
      warn: (m) => console.warn(`warning: ${m}`),
      onAuditCapacityWarning: (c) =>
        log.warn(
          `audit trail at ${c.rows} rows / ${c.bytes} bytes: archive audit.sqlite (see the security README)`,
        ),
    });
    for (const w of sec.bootstrap.warnings) console.warn(`warning: ${w}`);
    return sec;
  } catch (err) {
    if (err instanceof StartupRefusedError) throw new StartError(err.message);
    throw err;
  }
}

async function main(): Promise<number> {
  let config: ReturnType<typeof readGatewayConfig>;
  try {
    config = readGatewayConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (config.help) {
    console.log(USAGE);
    return 0;
  }

  // The app's logger is made with the app; the runtime and drivers log through it once it exists.
  const holder: { app?: FastifyInstance } = {};
  const logger: RuntimeLogger = {
    info: (m) => holder.app?.log.info(m),
    warn: (m) => holder.app?.log.warn(m),
    error: (m) => holder.app?.log.error(m),
  };

  let plant: Plant;
  let https: HttpsServerOptions['https'] | undefined;
  let security: SecurityParts;
  const hmiServed = isHmiBuilt(config.hmiDir);
  try {
    plant = readPlant(config);
    https = readTls(config);
    if (!hmiServed && config.hmiDirGiven)
      throw new StartError(`--hmi-dir: ${config.hmiDir} holds no index.html`);
    security = await openStores(config, logger);
  } catch (err) {
    if (!(err instanceof StartError)) throw err;
    console.error(err.message);
    return 1;
  }

  let assembly: GatewayAssembly;
  let gateway: RunningGateway;
  try {
    assembly = await assembleGateway({
      plant,
      clock: config.clock,
      plcEndpoints: config.plcEndpoints,
      dataDir: config.dataDir,
      ...(config.influxUrl !== undefined ? { influxUrl: config.influxUrl } : {}),
      security,
      allowedOrigins: config.allowedOrigins,
      socketsPerSession: config.socketsPerSession,
      driverOptions: { logger, pkiDir: join(config.dataDir, 'pki', 'gateway') },
      logger,
      metricsRegistry: new Registry(),
      app: {
        ...(https ? { https } : {}),
        ...(config.trustProxy !== undefined ? { trustProxy: config.trustProxy } : {}),
        ...(hmiServed ? { hmi: { dir: config.hmiDir } } : {}),
        logger: { level: config.logLevel },
      },
    });
    holder.app = assembly.app;
    for (const line of plantWarnings(plant)) assembly.app.log.warn(line);
    const check = security.auditCheck;
    if (!check.ok)
      // The gateway keeps running (operators must still see the plant); SYS.AUDIT is raised.
      assembly.app.log.error(
        `audit trail verification FAILED at start (record ${check.firstBadSeq}): ${check.reason}; alarm SYS.AUDIT raised`,
      );
    else
      assembly.app.log.info(
        `audit trail verified: ${check.records} records, ${check.anchorsChecked} anchors`,
      );
    // The stores close last, after every service that records to them (see "Life cycle" in the README).
    gateway = await startGateway({
      services: assembly.services,
      runtime: assembly.runtime,
      app: assembly.app,
      listen: { host: config.host, port: config.port },
    });
  } catch (err) {
    // A plant or a setting the runtime cannot take: a plain message, never a stack trace.
    console.error(`the gateway cannot start: ${(err as Error).message}`);
    if (config.logLevel === 'debug' || config.logLevel === 'trace') console.error(err);
    try {
      security.close(); // idempotent: a failed start has closed what it had started
    } catch {
      // already closed
    }
    return 1;
  }
  const { app } = assembly;

  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) {
      app.log.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    closing = true;
    assembly.runState.stopReason = signal;
    app.log.info(`${signal}: stopping (server and sockets, polling, services, stores)`);
    gateway
      .stop()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        console.error(err);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  const { address } = gateway;
  const banner = startupBanner({
    address: address!, // it listens
    plant: {
      id: plant.id,
      version: plant.version,
      plcs: plant.plcs.length,
      tags: plant.tags.length,
    },
    clock: config.clock,
    hmi: { served: hmiServed, dir: config.hmiDir },
    bootstrap: security.bootstrap,
    passwordGiven: config.adminPassword !== undefined || config.adminPasswordFile !== undefined,
  });
  console.log(banner.join('\n'));
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    console.error(`the gateway stopped: ${(err as Error).message ?? String(err)}`);
    process.exit(1);
  },
);
