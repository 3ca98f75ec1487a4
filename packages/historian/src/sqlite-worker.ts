// Worker thread of the embedded historian: opens the store from `workerData`, answers requests in order, writes open intervals when due.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { CheckpointerSettings } from './sqlite-checkpointer.js';
import {
  columnsOf,
  toWire,
  type WorkerReply,
  type WorkerRequest,
  type WorkerSettings,
} from './sqlite-protocol.js';
import { SqliteStore } from './sqlite-store.js';

const port = parentPort;
if (port === null) throw new Error('the SQLite worker runs in a worker thread');
const settings = workerData as WorkerSettings;
const reply = (r: WorkerReply): void => port.postMessage(r);

function handle(store: SqliteStore, m: WorkerRequest): unknown {
  switch (m.type) {
    case 'write':
      store.write(columnsOf(m.batch.buffer, m.batch.count), m.batch.names);
      return null;
    case 'query':
      return store.query(m.query);
    case 'lastSeqs':
      return store.lastSeqs();
    case 'flushOpen':
      return store.flushOpen();
    case 'close':
      throw new Error('close is answered by serve');
  }
}

/** Background work, each second: the stage merged when due, open intervals written when due. */
function upkeep(store: SqliteStore): () => void {
  let flushed = performance.now();
  const timer = setInterval(
    () => {
      try {
        store.maybeMerge();
        if (performance.now() - flushed >= settings.openFlushMs) {
          flushed = performance.now();
          store.flushOpen();
        }
      } catch {
        // Left as it was: done on a later tick, at close, or recomputed at the next open.
      }
    },
    Math.min(1000, settings.openFlushMs),
  );
  return () => clearInterval(timer);
}

/** Starts the checkpointer thread on the same file (none for ':memory:'); answers how to stop it. */
async function startCheckpointer(): Promise<() => Promise<void>> {
  if (settings.path === ':memory:') return async () => {};
  const data: CheckpointerSettings = { role: 'checkpointer', path: settings.path, everyMs: 250 };
  const worker = new Worker(new URL('./sqlite-worker.mjs', import.meta.url), { workerData: data });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  return async () => {
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage('close');
    await exited;
  };
}

function serve(store: SqliteStore, stopCheckpointer: () => Promise<void>): void {
  const stop = upkeep(store);
  let merging = false;
  port!.on('message', (m: WorkerRequest) => {
    const t0 = performance.now();
    if (m.type === 'close') {
      // Answered once the checkpointer is gone too: the file is closed for good.
      stop();
      let error: unknown = null;
      try {
        store.close();
      } catch (err) {
        error = err;
      }
      void stopCheckpointer().finally(() => {
        const ms = performance.now() - t0;
        reply(
          error === null
            ? { id: m.id, ok: true, value: null, ms }
            : { id: m.id, ok: false, error: toWire(error), ms },
        );
        port!.close();
      });
      return;
    }
    try {
      const value = handle(store, m);
      reply({ id: m.id, ok: true, value, ms: performance.now() - t0 });
    } catch (err) {
      reply({ id: m.id, ok: false, error: toWire(err), ms: performance.now() - t0 });
    }
    if (m.type === 'write' && !merging) {
      // After the answer has gone: a large stage is merged between two requests.
      merging = true;
      setImmediate(() => {
        merging = false;
        try {
          store.maybeMerge();
        } catch {
          // Tried again after the next write or on the next tick.
        }
      });
    }
  });
}

const t0 = performance.now();
try {
  const store = new SqliteStore(settings);
  let stopCheckpointer: () => Promise<void>;
  try {
    stopCheckpointer = await startCheckpointer();
  } catch (err) {
    store.close();
    throw err;
  }
  serve(store, stopCheckpointer);
  reply({ id: 0, ok: true, value: null, ms: performance.now() - t0 });
} catch (err) {
  reply({ id: 0, ok: false, error: toWire(err), ms: performance.now() - t0 });
  port.close();
}
