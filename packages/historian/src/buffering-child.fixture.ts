// Test fixture, run as a child process: records samples through store-and-forward until killed.
// Arguments: <buffer file> <InfluxDB URL>. Prints `committed <n>` after each sample batch is on disk.
import { wallClock } from '@zld/tags';
import type { TagValue } from '@zld/tags';
import { InfluxHistorian } from './influx-historian.js';
import { Recorder } from './recorder.js';
import { StoreAndForward } from './store-and-forward.js';

const [bufferPath, url] = process.argv.slice(2);
if (!bufferPath || !url) throw new Error('usage: buffering-child <buffer file> <influx url>');

const sink = await InfluxHistorian.open({ url, requestTimeoutMs: 2000 });
const saf = new StoreAndForward({
  sink,
  path: bufferPath,
  clock: wallClock,
  intervalMs: 20,
  retryDelayMs: 50,
  maxRetryDelayMs: 200,
});
saf.start();
const recorder = await Recorder.open({ historian: saf, clock: wallClock, batchSize: 10_000 });

let committed = 0;
for (;;) {
  const now = Date.now();
  const batch: TagValue[] = [];
  for (let i = 0; i < 10; i++) {
    for (const name of ['FT-201', 'FT-202']) {
      batch.push({
        name,
        value: committed + i,
        quality: 'Good',
        ts: now,
        gatewayTs: now,
        tsOrigin: 'gateway',
      });
    }
  }
  recorder.offer(batch);
  await recorder.flush();
  committed += 10;
  process.stdout.write(`committed ${committed}\n`);
  await new Promise((r) => setTimeout(r, 5));
}
