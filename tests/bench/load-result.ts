// Turns the raw measurements of a gateway load run into the figures of the result, with the named checks.
import type { FromGateway, GatewayFinal, GatewayWindow } from './gateway-messages.js';
import {
  historianFigures,
  outageFigures,
  type HistorianFigures,
  type HistorianRun,
  type OutageFigures,
  type OutageRun,
} from './historian-result.js';
import type { LatencySummary } from './latency-histogram.js';
import { leastSquaresSlope } from './least-squares.js';
import type { ProbeCounts } from './live-probe.js';

/** What one run measured, as collected (counts since the window began). */
export interface LoadMeasurements {
  tags: number;
  periodMs: number;
  clients: number;
  begun: Extract<FromGateway, { type: 'begun' }>;
  window: GatewayWindow;
  final: GatewayFinal;
  latency: LatencySummary;
  probes: ProbeCounts[];
  regressions: number;
  delivery: { mismatched: number; settleMs: number };
  /** This process over the window: wall seconds, CPU, answered Modbus requests. */
  bench: { seconds: number; cpu: NodeJS.CpuUsage; requests: number };
  countersExhausted: boolean;
  /** null with `--historian none`. */
  historian: HistorianRun | null;
  /** null without `--influx-outage-at`. */
  outage: OutageRun | null;
}

export interface GatewayLoadResult {
  /** tags x 1000 / period: what the PLCs would deliver if every scan ran on time. */
  offeredUpdatesPerSecond: number;
  /**
   * The gateway sustained the offered load: no scan overran, no tag went Bad, and at least 95 % of the
   * offered updates arrived. Not a check: a load beyond the machine is a measurement, not a failure.
   */
  keptUp: boolean;
  /** Samples into the tag engine per second: mean over the window, and its worst and best second. */
  tagUpdatesPerSecond: { mean: number; worstSecond: number; bestSecond: number };
  publishedPerSecond: number;
  /** Counter value leaving its PLC (the Modbus answer) to the value arriving at a socket.io client. */
  latencyMs: LatencySummary;
  /** User + system CPU seconds per wall second (1 = one core busy), mean and worst second. */
  gatewayCpu: { cores: number; worstSecond: number; userS: number; systemS: number };
  /**
   * Resident set at the window's start and end, the least-squares slope of its 1 s samples (MB per
   * minute), its peak in the window and over the process's life; V8 heap in use: peak in the window.
   */
  gatewayMemoryMb: {
    rssAtStart: number;
    rssAtEnd: number;
    rssSlopeMbPerMin: number | null;
    rssPeak: number;
    rssLifetimePeak: number;
    heapUsedPeak: number;
  };
  gatewayEventLoopDelayMs: GatewayWindow['eventLoopDelayMs'];
  modbus: Omit<GatewayWindow['modbus'], 'requests'> & { requestsPerSecond: number };
  live: ProbeCounts & {
    clients: number;
    valuesPerSecondPerClient: number;
    batchesPerSecondPerClient: number;
    regressions: number;
    coalesced: number;
    deferred: number;
  };
  /** After the PLCs froze: tags whose last number at some client differs from the PLC, and the time to settle. */
  delivery: { tags: number; mismatched: number; settleMs: number };
  /** null with `--historian none`. */
  historian: HistorianFigures | null;
  /** The InfluxDB outage (`--influx-outage-at`); null without one. */
  influxOutage: OutageFigures | null;
  /** This process (counter PLCs and socket.io clients), for comparison. */
  loadGenerator: { cpuCores: number; requestsPerSecond: number };
  sinkErrors: number;
  listenerErrors: number;
  /** Named checks of correctness; a false one fails the run. */
  checks: Record<string, boolean>;
}

const round = (x: number, digits = 0) => Math.round(x * 10 ** digits) / 10 ** digits;

/** MB per minute, from the 1 s RSS samples of the window. */
function rssSlope(w: GatewayWindow): number | null {
  const slope = leastSquaresSlope(w.perSecond.map((s) => ({ x: s.atS / 60, y: s.rssMb })));
  return slope === null ? null : round(slope, 2);
}

export function loadResult(m: LoadMeasurements): GatewayLoadResult {
  const { window: w, final, bench } = m;
  const sum = (pick: (c: ProbeCounts) => number) => m.probes.reduce((n, c) => n + pick(c), 0);
  const seconds = w.perSecond.length > 0 ? w.perSecond : null;
  const rate = w.updates / w.seconds;
  const offered = round((m.tags * 1000) / m.periodMs);
  const historian = m.historian === null ? null : historianFigures(m.historian);
  const notNumbers = sum((c) => c.notNumbers);
  const values = sum((c) => c.values);
  return {
    offeredUpdatesPerSecond: offered,
    keptUp: w.modbus.overruns === 0 && notNumbers === 0 && rate >= 0.95 * offered,
    tagUpdatesPerSecond: {
      mean: round(rate),
      worstSecond: seconds ? Math.min(...seconds.map((s) => s.updatesPerSecond)) : round(rate),
      bestSecond: seconds ? Math.max(...seconds.map((s) => s.updatesPerSecond)) : round(rate),
    },
    publishedPerSecond: round(w.published / w.seconds),
    latencyMs: m.latency,
    gatewayCpu: {
      cores: round((w.cpuUserS + w.cpuSystemS) / w.seconds, 2),
      worstSecond: seconds ? Math.max(...seconds.map((s) => s.cpuS)) : 0,
      userS: round(w.cpuUserS, 2),
      systemS: round(w.cpuSystemS, 2),
    },
    gatewayMemoryMb: {
      rssAtStart: w.rssAtStartMb,
      rssAtEnd: w.rssAtEndMb,
      rssSlopeMbPerMin: rssSlope(w),
      rssPeak: w.rssPeakMb,
      rssLifetimePeak: final.maxRssMb,
      heapUsedPeak: w.heapUsedPeakMb,
    },
    gatewayEventLoopDelayMs: w.eventLoopDelayMs,
    modbus: {
      requestsPerSecond: round(w.modbus.requests / w.seconds),
      polls: w.modbus.polls,
      overruns: w.modbus.overruns,
      timeouts: w.modbus.timeouts,
      reconnects: w.modbus.reconnects,
      pollMsMean: w.modbus.pollMsMean,
      pollMsMax: w.modbus.pollMsMax,
    },
    live: {
      clients: m.clients,
      batches: sum((c) => c.batches),
      values,
      unmatched: sum((c) => c.unmatched),
      notNumbers,
      valuesPerSecondPerClient: round(values / m.clients / bench.seconds),
      batchesPerSecondPerClient: round(sum((c) => c.batches) / m.clients / bench.seconds, 1),
      regressions: m.regressions,
      coalesced: w.live.coalesced,
      deferred: w.live.deferred,
    },
    delivery: { tags: m.tags, ...m.delivery },
    historian,
    influxOutage: m.outage === null ? null : outageFigures(m.outage),
    loadGenerator: {
      cpuCores: round((bench.cpu.user + bench.cpu.system) / 1e6 / bench.seconds, 2),
      requestsPerSecond: round(bench.requests / bench.seconds),
    },
    sinkErrors: final.sinkErrors,
    listenerErrors: final.listenerErrors,
    checks: {
      allPlcsConnected: m.begun.plcsConnected === m.begun.plcs,
      updatesFlowing: w.updates > 0 && values > 0,
      valuesOnlyMoveForward: m.regressions === 0,
      everyFinalValueDelivered: m.delivery.mismatched === 0,
      // Every point the recorder accepted is in the store (its own count), and none was dropped before.
      historianLostNothing:
        historian === null ||
        (historian.lost === 0 &&
          historian.notAccepted.dropped +
            historian.notAccepted.rejected +
            historian.notAccepted.pendingAtClose ===
            0),
      countersNotExhausted: !m.countersExhausted,
      noSinkOrListenerErrors: final.sinkErrors === 0 && final.listenerErrors === 0,
    },
  };
}
