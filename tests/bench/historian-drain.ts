// After the window: keeps the gateway running until its store holds every point the recorder accepted (bounded), sampling the backlog every second.
import type { GatewayProcess } from './gateway-process.js';
import type { HistorianStatus } from './gateway-messages.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const ASK_MS = 30_000;

/** One look at the historian: seconds since the window began, the store's backlog, the recorder's memory. */
export interface BacklogSample {
  atS: number;
  storeBacklog: number;
  pending: number;
}

export interface DrainOutcome {
  /** The samples taken, every second from the window's end. */
  samples: BacklogSample[];
  /**
   * Seconds from the window's end to the first sample at which nothing was waiting (recorder memory and
   * store backlog empty) and, for InfluxDB, its own count reached the points accepted by then; null
   * when that did not happen within the bound. The embedded store's rows are counted after closing,
   * which confirms it or not. (A starved gateway may still record quality changes after that, e.g.
   * tags going stale and back: the recorder writes them before the store closes.)
   */
  drainSeconds: number | null;
  /** The counters at the last sample. */
  last: HistorianStatus;
}

export interface DrainOptions {
  /** `performance.now()` when the window began and ended. */
  windowStart: number;
  windowEnd: number;
  boundSeconds: number;
  /** The store's own count of the run's points (InfluxDB); null: counted after closing (SQLite). */
  count: (() => Promise<number>) | null;
  log: (m: string) => void;
}

/** Null when the run has no historian. */
export async function drainHistorian(
  gateway: GatewayProcess,
  o: DrainOptions,
): Promise<DrainOutcome | null> {
  const deadline = o.windowEnd + o.boundSeconds * 1000;
  const samples: BacklogSample[] = [];
  let drainSeconds: number | null = null;
  let last: HistorianStatus | null = null;
  let logged = 0;
  for (;;) {
    const polled = performance.now();
    const { historian } = await gateway.ask({ type: 'status' }, 'status', ASK_MS);
    if (historian === null) return null;
    last = historian;
    samples.push({
      atS: Math.round(polled - o.windowStart) / 1000,
      storeBacklog: historian.storeBacklog,
      pending: historian.pending,
    });
    const waiting = historian.pending + historian.storeBacklog;
    if (waiting === 0) {
      const held = o.count === null ? historian.accepted : await o.count();
      if (held >= historian.accepted) {
        drainSeconds = Math.round((polled - o.windowEnd) / 100) / 10;
        break;
      }
    }
    const now = performance.now();
    if (now >= deadline) break;
    if (now - logged >= 10_000) {
      logged = now;
      o.log(
        `historian backlog ${waiting} point(s), ${Math.round((deadline - now) / 1000)} s left to drain`,
      );
    }
    await sleep(Math.max(0, polled + 1000 - now));
  }
  return { samples, drainSeconds, last };
}
