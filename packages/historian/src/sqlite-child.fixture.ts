// Test fixture, run as a child process: writes a live stream through the worker-backed embedded store until killed.
// Argument: <database file>. Prints `committed <seq>` once every sample up to that sequence number is committed.
import { SqliteHistorian } from './sqlite-historian.js';
import type { HistoryPoint } from './historian.js';
import { CRASH_TAGS, crashSample } from './sqlite-crash.fixture.js';

const [path] = process.argv.slice(2);
if (!path) throw new Error('usage: sqlite-child <database file>');

// The stage is merged now and then, and the open intervals are never written before the kill.
const h = await SqliteHistorian.open({ path, mergeRows: 2000, openFlushMs: 3_600_000 });
let seq = 0;
for (;;) {
  const batch: HistoryPoint[] = [];
  for (let i = 0; i < 25; i++) {
    seq++;
    for (const name of CRASH_TAGS) batch.push(crashSample(name, seq));
  }
  await h.write(batch);
  process.stdout.write(`committed ${seq}\n`);
}
