// Test fixture, run as a child process: the gateway with its history service, from the gateway's own flags.
// (What `npm run gateway` runs once the history service is wired into main.ts.) Prints `listening <url>`.
import { assembleRuntime, buildApp, readGatewayConfig } from '@zld/gateway';
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
const app = buildApp({ runtime, metricsRegistry: registry, logger: { level: config.logLevel } });
app.register(historyPlugin, { service });
process.once('SIGTERM', () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
const url = await app.listen({ host: config.host, port: config.port });
process.stdout.write(`listening ${url}\n`);
