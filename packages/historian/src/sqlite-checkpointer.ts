// Worker thread copying the embedded store's WAL into the database file (its own connection), so the writer never waits for it.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

/** What the checkpointer is given when it starts. */
export interface CheckpointerSettings {
  role: 'checkpointer';
  path: string;
  /** How often a passive checkpoint runs (ms). */
  everyMs: number;
}

const port = parentPort;
if (port === null) throw new Error('the checkpointer runs in a worker thread');
const settings = workerData as CheckpointerSettings;
const db = new Database(settings.path);
db.pragma('busy_timeout = 1000');

// PASSIVE: copies what it can without waiting for the writer or readers; the WAL restarts from its
// beginning at the writer's next transaction once everything was copied.
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or failing: the next tick tries again (the writer checkpoints itself past a bound).
  }
}, settings.everyMs);

port.on('message', (m: unknown) => {
  if (m !== 'close') return;
  clearInterval(timer);
  db.close();
  port.close();
});
port.postMessage('ready');
