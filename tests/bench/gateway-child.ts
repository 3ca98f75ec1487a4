// The gateway under load, in its own process: the real runtime, Modbus drivers, live hub and SQLite recorder, driven over IPC.
import { assembleRuntime, buildApp, startGateway, type RuntimeLogger } from '@zld/gateway';
import { EMBEDDED_FILE, openHistorian, Recorder, type Historian } from '@zld/historian';
import { loadPlant } from '@zld/protocols';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type {
  FromGateway,
  GatewayChildConfig,
  GatewayFinal,
  ToGateway,
} from './gateway-messages.js';
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

/** The store, with the time spent in its write calls added up. */
let writeMs = 0;
function timed(store: Historian): Historian {
  return {
    write: async (points) => {
      const t0 = performance.now();
      try {
        await store.write(points);
      } finally {
        writeMs += performance.now() - t0;
      }
    },
    query: (q) => store.query(q),
    lastSeqs: () => store.lastSeqs(),
    health: () => store.health(),
    close: () => store.close(),
  };
}

// As the gateway wires its historian: every flushed batch through exception reporting into the store.
let store: Historian | null = null;
let recorder: Recorder | null = null;
if (config.historian) {
  store = timed(await openHistorian({ dataDir: config.dataDir, clock: { now: () => Date.now() } }));
  const r = await Recorder.open({
    historian: store,
    clock: runtime.timebase.clock,
    policies: plant.tags.map((t) => ({
      name: t.name,
      deadband: t.deadband,
      maxIntervalS: t.maxIntervalS,
    })),
  });
  runtime.subscribe((changes) => r.offer(changes));
  r.start();
  recorder = r;
}
const app = buildApp({ runtime, logger: false });
const gateway = await startGateway({ runtime, app, listen: { host: '127.0.0.1', port: 0 } });
const url = gateway.address!;
const sampler = new WindowSampler({ runtime, hub: app.live.hub, recorder, writeMs: () => writeMs });

function begun(): FromGateway {
  sampler.begin();
  const plcs = runtime.health().plcs;
  return {
    type: 'begun',
    plcs: plcs.length,
    plcsConnected: plcs.filter((p) => p.connected && !p.demoted).length,
  };
}

/** Stops the recorder (writing what it holds), closes the store and counts the rows it kept. */
async function closeHistorian(t0: number): Promise<GatewayFinal['historian']> {
  if (recorder === null || store === null) return null;
  await recorder.stop();
  const m = recorder.metrics();
  const backend = store.health().backend;
  await store.close();
  const db = new Database(join(config.dataDir, EMBEDDED_FILE), { readonly: true });
  const rows = (db.prepare('SELECT count(*) AS n FROM samples').get() as { n: number }).n;
  db.close();
  return {
    backend,
    offered: m.samples,
    written: m.pointsWritten,
    dropped: m.dropped,
    rejected: m.rejected,
    pendingAtClose: m.pending,
    writeErrors: m.writeErrors,
    maxWriteMs: Math.round(m.maxWriteMs * 10) / 10,
    rowsInStore: rows,
    closeSeconds: Math.round(performance.now() - t0) / 1000,
  };
}

/** Stops the gateway (sockets closed, runtime stopped, last changes flushed), then the historian. */
async function stopped(): Promise<FromGateway> {
  const t0 = performance.now();
  await gateway.stop();
  const stats = runtime.stats();
  const historian = await closeHistorian(t0);
  return {
    type: 'stopped',
    final: {
      maxRssMb: mib(process.resourceUsage().maxRSS * 1024),
      sinkErrors: stats.sink.errors,
      listenerErrors: stats.listenerErrors,
      historian,
    },
  };
}

process.on('message', (m: ToGateway) => {
  const answer =
    m.type === 'begin'
      ? Promise.resolve(begun())
      : m.type === 'end'
        ? Promise.resolve<FromGateway>({ type: 'ended', window: sampler.end() })
        : stopped();
  answer.then(
    (reply) => send(reply).then(() => (m.type === 'stop' ? process.exit(0) : undefined)),
    fail,
  );
});
await send({ type: 'ready', url });
