// Chooses and opens the historian from configuration: a registry of backends keyed by URL scheme.
import { join } from 'node:path';
import type { Clock } from '@zld/tags';
import type { Historian } from './historian.js';
import { HistorianInputError } from './historian.js';
import { InfluxHistorian } from './influx-historian.js';
import { SqliteHistorian } from './sqlite-historian.js';
import { StoreAndForward } from './store-and-forward.js';
import type { StoreAndForwardOptions } from './store-and-forward.js';
import type { Timers } from './timers.js';

export interface OpenHistorianOptions {
  /** `http(s)://host:port/db` for InfluxDB 1.x; absent for the embedded SQLite store. */
  url?: string;
  /** Where the embedded store and the store-and-forward buffer live. */
  dataDir: string;
  clock: Clock;
  timers?: Timers;
  /** Tuning for the forwarder in front of a remote store. */
  forwarder?: Partial<Omit<StoreAndForwardOptions, 'sink' | 'path' | 'clock' | 'timers'>>;
}

type Opener = (url: string, opts: OpenHistorianOptions) => Promise<Historian>;

/** A remote store always sits behind a disk buffer, whose forwarder is started here. */
const openInflux: Opener = async (url, opts) => {
  const sink = await InfluxHistorian.open({ url });
  const saf = new StoreAndForward({
    ...opts.forwarder,
    sink,
    path: join(opts.dataDir, 'historian-buffer.sqlite'),
    clock: opts.clock,
    ...(opts.timers ? { timers: opts.timers } : {}),
  });
  saf.start();
  return saf;
};

const BACKENDS = new Map<string, Opener>([
  ['http:', openInflux],
  ['https:', openInflux],
]);

/** The embedded default: `<dataDir>/history.sqlite`. */
export const EMBEDDED_FILE = 'history.sqlite';

export async function openHistorian(opts: OpenHistorianOptions): Promise<Historian> {
  if (opts.url === undefined || opts.url === '') {
    return SqliteHistorian.open({ path: join(opts.dataDir, EMBEDDED_FILE) });
  }
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(opts.url)?.[0].toLowerCase() ?? '';
  const open = BACKENDS.get(scheme);
  if (!open)
    throw new HistorianInputError(`no historian backend for ${JSON.stringify(scheme)} URLs`);
  return open(opts.url, opts);
}
