// `npm run gateway`: reads the configuration, loads the plant, assembles the runtime, listens; stops on SIGINT/SIGTERM.
import { loadPlantFile, PlantDefinitionError } from '@zld/plant';
import type { FastifyInstance } from 'fastify';
import { join, resolve } from 'node:path';
import { buildApp } from './app.js';
import { ConfigError, USAGE, readGatewayConfig } from './config.js';
import { assembleRuntime } from './runtime/assemble.js';
import type { RuntimeLogger } from './runtime/runtime.js';

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

  let plant;
  try {
    plant = loadPlantFile(config.plantFile);
  } catch (err) {
    console.error(
      err instanceof PlantDefinitionError ? err.message : String((err as Error).message),
    );
    return 1;
  }

  // The app's logger is made with the app; the runtime and drivers log through it once it exists.
  const holder: { app?: FastifyInstance } = {};
  const logger: RuntimeLogger = {
    info: (m) => holder.app?.log.info(m),
    warn: (m) => holder.app?.log.warn(m),
    error: (m) => holder.app?.log.error(m),
  };
  const runtime = assembleRuntime(plant, {
    clock: config.clock,
    plcEndpoints: config.plcEndpoints,
    logger,
    driverOptions: { logger, pkiDir: join(resolve(config.dataDir), 'pki', 'gateway') },
  });
  const app = buildApp({ runtime, logger: { level: config.logLevel } });
  holder.app = app;

  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) {
      app.log.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    closing = true;
    app.log.info(`${signal}: stopping (polling, sockets, server)`);
    app
      ?.close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        console.error(err);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  const address = await app.listen({ host: config.host, port: config.port });
  console.log(
    `ZLD gateway on ${address} (plant ${plant.id} ${plant.version}, ${plant.plcs.length} PLCs, ` +
      `${plant.tags.length} tags, clock ${config.clock})`,
  );
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
