// The gateway under load, in its own process: the real runtime, Modbus drivers, live hub and history service, driven over IPC.
import { assembleRuntime, buildApp, startGateway, type RuntimeLogger } from '@zld/gateway';
import { EMBEDDED_FILE } from '@zld/historian';
import { loadPlant } from '@zld/protocols';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type {
  FromGateway,
  GatewayChildConfig,
  GatewayFinal,
  HistorianStatus,
  ToGateway,
} from './gateway-messages.js';
import { HistoryProbe } from './history-probe.js';
import { mib, WindowSampler } from './window-sampler.js';

const send = (m: FromGateway): Promise<void> =>
  new Promise((resolve) => {
    if (process.send === undefined || !process.connected) resolve();
    else process.send(m, undefined, {}, () => resolve());
  });
const fail = (err: unknown): void => {
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  console.error(`gateway child: ${message}`);
  void send({ type: 'failed', message }).finally(() => process.exit(1));
};
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
// The benchmark is gone: nothing is left to report to.
process.on('disconnect', () => process.exit(1));

const config = JSON.parse(process.argv[2] ?? '{}') as GatewayChildConfig;
const logger: RuntimeLogger = {
  info: () => {},
  warn: (m) => console.error(`gateway: ${m}`),
  error: (m) => console.error(`gateway: ${m}`),
};

const plant = loadPlant(config.plantFile);
const runtime = assembleRuntime(plant, {
  clock: 'wall',
  logger,
  driverOptions: { logger: { info: () => {}, warn: logger.warn } },
});

// As `npm start` wires its historian: `openServices` opens the history service (recorder, exception
// reporting, the backend of the URL, store-and-forward in front of InfluxDB); it starts first.
const history =
  config.historian === 'none'
    ? null
    : await HistoryProbe.open(
        runtime,
        config.dataDir,
        config.historian === 'influx' ? config.influxUrl : undefined,
        logger,
      );
/**
 * The counters just before the history service closes: the buffer cannot be read after that. This
 * runs after the runtime stopped (its last changes flushed to the recorder): the recorder writes what
 * it holds first, so nothing is left for the close to write unseen.
 */
let beforeClose: HistorianStatus | null = null;
async function flushBeforeClose(h: HistoryProbe): Promise<void> {
  await h.service.flush();
  beforeClose = h.status();
}
const app = buildApp({
  runtime,
  logger: false,
  ...(history !== null ? { historianHealth: () => history.service.health() } : {}),
});
const gateway = await startGateway({
  services: history === null ? [] : [history.service, { stop: () => flushBeforeClose(history) }],
  runtime,
  app,
  listen: { host: '127.0.0.1', port: 0 },
});
const url = gateway.address!;
const sampler = new WindowSampler({ runtime, hub: app.live.hub, history });

async function begun(): Promise<FromGateway> {
  await sampler.begin();
  const plcs = runtime.health().plcs;
  return {
    type: 'begun',
    plcs: plcs.length,
    plcsConnected: plcs.filter((p) => p.connected && !p.demoted).length,
  };
}

/** SQLite: the rows of the embedded store, counted with a read-only connection of its own. */
function countSqliteRows(): number {
  const db = new Database(join(config.dataDir, EMBEDDED_FILE), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM samples').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** The historian's counters as the service began to close; the buffer's points and the embedded store's rows after it closed. */
function closedHistorian(t0: number): GatewayFinal['historian'] {
  if (history === null || beforeClose === null) return null;
  history.closeOthers();
  return {
    ...beforeClose,
    // The forwarder sends its last batch while closing: the buffer's count after that is the one left.
    storeBacklog: history.bufferedAfterClose() ?? beforeClose.storeBacklog,
    pendingAtClose: beforeClose.pending,
    rowsInStore: config.historian === 'sqlite' ? countSqliteRows() : null,
    closeSeconds: Math.round(performance.now() - t0) / 1000,
  };
}

/** Stops the gateway (sockets closed, runtime stopped, last changes flushed, historian closed). */
async function stopped(): Promise<FromGateway> {
  const t0 = performance.now();
  await gateway.stop();
  const stats = runtime.stats();
  return {
    type: 'stopped',
    final: {
      maxRssMb: mib(process.resourceUsage().maxRSS * 1024),
      sinkErrors: stats.sink.errors,
      listenerErrors: stats.listenerErrors,
      historian: closedHistorian(t0),
    },
  };
}

const answers: Record<ToGateway['type'], () => Promise<FromGateway>> = {
  begin: begun,
  end: async () => ({ type: 'ended', window: await sampler.end() }),
  status: async () => ({ type: 'status', historian: history?.status() ?? null }),
  stop: stopped,
};

process.on('message', (m: ToGateway) => {
  answers[m.type]().then(
    (reply) => send(reply).then(() => (m.type === 'stop' ? process.exit(0) : undefined)),
    fail,
  );
});
await send({ type: 'ready', url });
