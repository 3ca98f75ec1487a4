// The historian's figures of a load run (offered, accepted, in the store, backlog, drain, influxd) and those of an InfluxDB outage.
import type { GatewayFinal, GatewaySecond, GatewayWindow } from './gateway-messages.js';
import type { BacklogSample, DrainOutcome } from './historian-drain.js';
import type { InfluxdFigures } from './influxd-watch.js';
import type { OutageTimes } from './influx-outage.js';
import type { LatencySummary } from './latency-histogram.js';

const round = (x: number, digits = 0) => Math.round(x * 10 ** digits) / 10 ** digits;

/** What a run with a historian measured, as collected. */
export interface HistorianRun {
  backend: 'sqlite' | 'influx';
  window: GatewayWindow;
  final: NonNullable<GatewayFinal['historian']>;
  drain: DrainOutcome;
  /** The points of this run in the store, by the store's own count (InfluxQL `count`, or SQLite rows). */
  inStore: number;
  /** The private influxd over the window; null for SQLite or `--influx-url`. */
  influxd: InfluxdFigures | null;
}

export interface HistorianFigures {
  backend: 'sqlite' | 'influx';
  /** The store as the history service names it. */
  store: string;
  /** Samples handed to the recorder over the whole run. */
  offered: number;
  /** Points the recorder stored (after exception reporting): into the embedded store or the buffer. */
  accepted: number;
  /** Counted by the store's own query after the run. */
  inStore: number;
  /** accepted − inStore: must be 0. */
  lost: number;
  /** Offered but never accepted: dropped by the recorder, refused, or left in its memory at close. */
  notAccepted: { dropped: number; rejected: number; pendingAtClose: number };
  writeErrors: number;
  /** The store's own backlog (store-and-forward buffer), sampled every second of the window and the drain. */
  backlogMax: number;
  /** Left in the buffer when the gateway stopped (kept on disk; not in the store). */
  backlogAtEnd: number;
  /** lost − backlogAtEnd: accepted points neither in the store nor waiting in the buffer. */
  neitherStoredNorBuffered: number;
  /** From the end of the window until the store held every accepted point; null: not within the bound. */
  drainSeconds: number | null;
  drainBoundReached: boolean;
  writtenPerSecondInWindow: number;
  maxWriteMs: number;
  /** Share of the window the gateway spent inside the recorder's write calls. */
  writeShareOfWindow: number;
  /** The store-and-forward buffer's counters at the end; null for the embedded store. */
  forwarder: NonNullable<GatewayFinal['historian']>['forwarder'];
  /** Cores the private influxd used over the window (null: SQLite, or not our process). */
  influxdCpu: number | null;
  influxdRssMb: InfluxdFigures['rssMb'] | null;
  closeSeconds: number;
}

/** The backlog samples of the window (the child's, every second) and of the drain (this process's). */
export function backlogSeries(
  perSecond: readonly GatewaySecond[],
  drain: readonly BacklogSample[],
): { atS: number; backlog: number }[] {
  return [
    ...perSecond.flatMap((s) =>
      s.storeBacklog === null ? [] : [{ atS: s.atS, backlog: s.storeBacklog }],
    ),
    ...drain.map((s) => ({ atS: s.atS, backlog: s.storeBacklog })),
  ];
}

export function historianFigures(r: HistorianRun): HistorianFigures {
  const { window: w, final: f, drain } = r;
  const series = backlogSeries(w.perSecond, drain.samples);
  const lost = f.accepted - r.inStore;
  const written = w.historian?.accepted ?? 0;
  return {
    backend: r.backend,
    store: f.backend,
    offered: f.offered,
    accepted: f.accepted,
    inStore: r.inStore,
    lost,
    notAccepted: { dropped: f.dropped, rejected: f.rejected, pendingAtClose: f.pendingAtClose },
    writeErrors: f.writeErrors,
    backlogMax: Math.max(0, f.storeBacklog, ...series.map((s) => s.backlog)),
    backlogAtEnd: f.storeBacklog,
    neitherStoredNorBuffered: lost - f.storeBacklog,
    // The embedded store's rows are counted after closing: they confirm the drain or not.
    drainSeconds: lost === 0 ? drain.drainSeconds : null,
    drainBoundReached: drain.drainSeconds === null,
    writtenPerSecondInWindow: round(written / w.seconds),
    maxWriteMs: f.maxWriteMs,
    writeShareOfWindow: round((w.historian?.writeMs ?? 0) / 1000 / w.seconds, 2),
    forwarder: f.forwarder,
    influxdCpu: r.influxd?.cpuCores ?? null,
    influxdRssMb: r.influxd?.rssMb ?? null,
    closeSeconds: f.closeSeconds,
  };
}

/** What an outage run measured, as collected. */
export interface OutageRun {
  requested: { atS: number; seconds: number };
  times: OutageTimes;
  window: GatewayWindow;
  drain: DrainOutcome;
  /** PLC-to-client latency from the restart to the end of the window. */
  latencyAfterRestart: LatencySummary;
  inStore: number;
  accepted: number;
}

export interface OutageFigures extends OutageTimes {
  requested: { atS: number; seconds: number };
  /** From its exit until it answered again (the start itself takes seconds). */
  downSeconds: number;
  /** The largest backlog sampled before the stop: the live level the drain returns to. */
  backlogBeforeOutage: number;
  /** The largest backlog sampled from the stop on. */
  backlogPeak: number;
  /** From the restart until the backlog was back at its level before the outage; null: not in the run. */
  drainSecondsAfterRestart: number | null;
  /** The live path from the restart to the end of the window, while the backlog drained. */
  afterRestart: {
    seconds: number;
    updatesPerSecond: { mean: number; worstSecond: number } | null;
    latencyMs: LatencySummary;
  };
  inStore: number;
  accepted: number;
  /** The backlog every second from the window's start to the end of the drain. */
  backlogEverySecond: number[];
}

export function outageFigures(r: OutageRun): OutageFigures {
  const { times } = r;
  const series = backlogSeries(r.window.perSecond, r.drain.samples);
  const before = series.filter((s) => s.atS <= times.stoppedAtS).map((s) => s.backlog);
  const backlogBeforeOutage = Math.max(0, ...before);
  const from = series.filter((s) => s.atS >= times.stoppedAtS).map((s) => s.backlog);
  const back = series.find((s) => s.atS >= times.restartedAtS && s.backlog <= backlogBeforeOutage);
  // The seconds wholly after the restart: each sample covers the second before it.
  const after = r.window.perSecond.filter((s) => s.atS - 1 >= times.restartedAtS);
  const rates = after.map((s) => s.updatesPerSecond);
  return {
    requested: r.requested,
    ...times,
    downSeconds: round(times.restartedAtS - times.downAtS, 1),
    backlogBeforeOutage,
    backlogPeak: Math.max(0, ...from),
    drainSecondsAfterRestart: back === undefined ? null : round(back.atS - times.restartedAtS, 1),
    afterRestart: {
      seconds: round(Math.max(0, r.window.seconds - times.restartedAtS), 1),
      updatesPerSecond:
        rates.length === 0
          ? null
          : {
              mean: round(rates.reduce((a, b) => a + b, 0) / rates.length),
              worstSecond: Math.min(...rates),
            },
      latencyMs: r.latencyAfterRestart,
    },
    inStore: r.inStore,
    accepted: r.accepted,
    backlogEverySecond: series.map((s) => s.backlog),
  };
}
