// `npm run gateway`: reads the configuration, opens users and audit, assembles runtime and services, starts them and serves; stops on SIGINT/SIGTERM.
import { PlantDefinitionError, type Plant } from '@zld/plant';
import { loadPlant } from '@zld/protocols';
import { wallClock } from '@zld/tags';
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { buildApp } from './app.js';
import { ConfigError, USAGE, readGatewayConfig, type GatewayConfig } from './config.js';
import { isHmiBuilt } from './hmi/hmi-plugin.js';
import { startGateway } from './lifecycle.js';
import { assembleRuntime } from './runtime/assemble.js';
import type { RuntimeLogger } from './runtime/runtime.js';
import { StartupRefusedError } from './security/bootstrap-admin.js';
import { openSecurity, type SecurityParts } from './security/open-security.js';
import { httpsOptions, type HttpsServerOptions } from './security/tls.js';
import { openServices } from './services.js';
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

  const runtime = assembleRuntime(plant, {
    clock: config.clock,
    plcEndpoints: config.plcEndpoints,
    logger,
    driverOptions: { logger, pkiDir: join(config.dataDir, 'pki', 'gateway') },
  });
  // The services behind the features: alarms (ISA-18.2 engine and journal), the ZLD water balance
  // (publishes FY-910...) and the historian (every tag, store-and-forward in front of InfluxDB).
  const metricsRegistry = new Registry();
  const features = await openServices({
    runtime,
    dataDir: config.dataDir,
    ...(config.influxUrl !== undefined ? { influxUrl: config.influxUrl } : {}),
    audit: security.audit,
    registry: metricsRegistry,
    logger,
  });
  const app = buildApp({
    runtime,
    metricsRegistry,
    security: {
      parts: security,
      // Sessions, throttling and select timeouts are for people: real time, also with --clock plc.
      clock: wallClock,
      secureCookies: https !== undefined || config.trustProxy !== undefined,
      commands: features.commands,
    },
    ...features.app,
    ...(https ? { https } : {}),
    ...(config.trustProxy !== undefined ? { trustProxy: config.trustProxy } : {}),
    ...(hmiServed ? { hmi: { dir: config.hmiDir } } : {}),
    logger: { level: config.logLevel },
  });
  holder.app = app;

  // The stores close last, after every service that records to them (see "Life cycle" in the README).
  const gateway = startGateway({
    services: [{ stop: () => security.close() }, ...features.services],
    runtime,
    app,
    listen: { host: config.host, port: config.port },
  });

  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) {
      app.log.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    closing = true;
    app.log.info(`${signal}: stopping (server and sockets, polling, services, stores)`);
    gateway
      .then((g) => g.stop())
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        console.error(err);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  const { address } = await gateway;
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
    console.error(err);
    process.exit(1);
  },
);
