// The gateway load run: warm up, measure a window (with an InfluxDB outage if asked), freeze the PLCs, check delivery, drain the historian, stop, count.
import type { BenchOptions } from './bench-options.js';
import type { GatewayFinal } from './gateway-messages.js';
import { drainHistorian, type DrainOutcome } from './historian-drain.js';
import type { HistorianRun, OutageRun } from './historian-result.js';
import { countInflux } from './influx-rig.js';
import { runOutage, type OutageTimes } from './influx-outage.js';
import { InfluxdWatch } from './influxd-watch.js';
import { LatencyHistogram } from './latency-histogram.js';
import { startRig, type LoadRig } from './load-rig.js';
import { loadResult, type GatewayLoadResult } from './load-result.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Bounds of the child's answers: begin and end are counters; stop writes what the recorder holds. */
const ASK_MS = 15_000;
const STOP_MS = 180_000;

/** Waits (bounded) until no client differs from the frozen PLCs; answers the mismatches left and the time taken. */
async function settle(
  rig: LoadRig,
  boundMs: number,
): Promise<{ mismatched: number; settleMs: number }> {
  const expected = rig.expected();
  const t0 = performance.now();
  const left = () => Math.max(...rig.probes.map((p) => p.mismatches(expected)));
  let mismatched = left();
  while (mismatched > 0 && performance.now() - t0 < boundMs) {
    await sleep(50);
    mismatched = left();
  }
  return { mismatched, settleMs: Math.round(performance.now() - t0) };
}

const answered = (rig: LoadRig) => rig.plcs.reduce((n, p) => n + p.requests, 0);

/** The store's own count of this run's points: InfluxQL for InfluxDB; SQLite's rows come from the child. */
async function inStore(rig: LoadRig, final: GatewayFinal): Promise<number> {
  if (rig.influx !== null) return countInflux(rig.influx.target, rig.startedAtMs);
  return final.historian?.rowsInStore ?? 0;
}

export async function runGatewayLoad(
  o: BenchOptions,
  log: (m: string) => void,
): Promise<GatewayLoadResult> {
  const rig = await startRig(o, log);
  try {
    log(`warming up for ${o.warmupSeconds} s`);
    await sleep(o.warmupSeconds * 1000);
    const begun = await rig.gateway.ask({ type: 'begin' }, 'begun', ASK_MS);
    const influx = rig.influx;
    const watch = influx?.server ? new InfluxdWatch(() => influx.sample()) : null;
    watch?.begin();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const requests0 = answered(rig);
    for (const p of rig.probes) p.begin();

    const afterRestart = new LatencyHistogram();
    let outage: Promise<OutageTimes> | null = null;
    if (o.influxOutageAtS !== null && o.influxOutageSeconds !== null && influx?.server) {
      const at = { atS: o.influxOutageAtS, seconds: o.influxOutageSeconds, windowStart: t0 };
      const hooks = {
        beforeStop: () => watch?.tick(),
        restarted: () => void (rig.alsoRecord = afterRestart),
      };
      outage = runOutage(influx.server, at, hooks, log);
      // Seen when awaited below; a failure must not go unhandled meanwhile.
      outage.catch(() => undefined);
    }
    log(`measuring for ${o.seconds} s`);
    await sleep(o.seconds * 1000);
    const probes = rig.probes.map((p) => p.end());
    const { window } = await rig.gateway.ask({ type: 'end' }, 'ended', ASK_MS);
    const windowEnd = performance.now();
    const influxd = watch?.end() ?? null;
    rig.alsoRecord = null;
    const bench = {
      seconds: (windowEnd - t0) / 1000,
      cpu: process.cpuUsage(cpu0),
      requests: answered(rig) - requests0,
    };
    const outageTimes = outage === null ? null : await outage;

    for (const p of rig.plcs) p.frozen = true;
    if (window.historian !== null)
      log(`draining the historian (at most ${o.drainBoundSeconds} s after the window)`);
    const [delivery, drain] = await Promise.all([
      settle(rig, Math.max(10_000, 20 * o.periodMs)),
      drainHistorian(rig.gateway, {
        windowStart: t0,
        windowEnd,
        boundSeconds: o.drainBoundSeconds,
        count: influx === null ? null : () => countInflux(influx.target, rig.startedAtMs),
        log,
      }),
    ]);
    log('stopping the gateway (historian flush and close)');
    const { final } = await rig.gateway.ask({ type: 'stop' }, 'stopped', STOP_MS);
    await rig.gateway.waitExit(10_000);

    const historian = await historianRun(rig, { window, final, drain, influxd, o });
    const outageRun: OutageRun | null =
      outageTimes === null || historian === null
        ? null
        : {
            requested: { atS: o.influxOutageAtS ?? 0, seconds: o.influxOutageSeconds ?? 0 },
            times: outageTimes,
            window,
            drain: historian.drain,
            latencyAfterRestart: afterRestart.summary(),
            inStore: historian.inStore,
            accepted: historian.final.accepted,
          };
    return loadResult({
      tags: o.tags,
      periodMs: o.periodMs,
      clients: o.clients,
      begun,
      window,
      final,
      latency: rig.latency.summary(),
      probes,
      regressions: rig.probes.reduce((n, p) => n + p.regressions, 0),
      delivery,
      bench,
      countersExhausted: rig.plcs.some((p) => p.exhausted),
      historian,
      outage: outageRun,
    });
  } finally {
    await rig.close();
  }
}

/** The historian's raw figures once the gateway stopped: its counters, the drain, the store's own count. */
async function historianRun(
  rig: LoadRig,
  r: {
    window: HistorianRun['window'];
    final: GatewayFinal;
    drain: DrainOutcome | null;
    influxd: HistorianRun['influxd'];
    o: BenchOptions;
  },
): Promise<HistorianRun | null> {
  const h = r.final.historian;
  if (h === null || r.drain === null || r.o.historian === 'none') return null;
  return {
    backend: r.o.historian,
    window: r.window,
    final: h,
    drain: r.drain,
    inStore: await inStore(rig, r.final),
    influxd: r.influxd,
  };
}
