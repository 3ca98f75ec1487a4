// Test fixture, run as a child process: the gateway with its history service, from the gateway's own flags.
// (The runtime and history part of what `npm run gateway` runs, with a quick InfluxDB retry.) Prints `listening <url>`.
import { assembleRuntime, buildApp, readGatewayConfig, startGateway } from '@zld/gateway';
import { loadPlant } from '@zld/protocols';
import { join, resolve } from 'node:path';
import { Registry } from 'prom-client';
import { HistoryService, historyPlugin } from '../../apps/gateway/src/history/index.js';

const config = readGatewayConfig();
const plant = loadPlant(config.plantFile);
const runtime = assembleRuntime(plant, {
  clock: config.clock,
  plcEndpoints: config.plcEndpoints,
  driverOptions: {
    pkiDir: join(resolve(config.dataDir), 'pki', 'gateway'),
  },
});
const registry = new Registry();
const service = await HistoryService.open({
  plant,
  feed: runtime,
  clock: runtime.timebase.clock,
  wall: runtime.timebase.wall,
  dataDir: config.dataDir,
  ...(config.influxUrl !== undefined ? { influxUrl: config.influxUrl } : {}),
  registry,
  // Retry a lost InfluxDB every 100-500 ms rather than up to 5 s, to keep the test short.
  forwarder: { retryDelayMs: 100, maxRetryDelayMs: 500 },
});
const app = buildApp({
  runtime,
  metricsRegistry: registry,
  historianHealth: () => service.health(),
  logger: { level: config.logLevel },
});
app.register(historyPlugin, { service });
const gateway = await startGateway({
  services: [service],
  runtime,
  app,
  listen: { host: config.host, port: config.port },
});
process.once('SIGTERM', () => {
  gateway.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
process.stdout.write(`listening ${gateway.address}\n`);
