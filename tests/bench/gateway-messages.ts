// The messages between the benchmark and its gateway child process (Node IPC), and what the child measures.

/** Passed to the child as its one argument (JSON). */
export interface GatewayChildConfig {
  /** The plant definition (JSON text, which is YAML) the gateway loads. */
  plantFile: string;
  /** The gateway's data dir (a temporary folder): embedded store, store-and-forward buffer, alarm journal. */
  dataDir: string;
  /** Where the gateway records: `sqlite` (embedded), `influx` (`influxUrl`), `none` (no history service). */
  historian: 'sqlite' | 'influx' | 'none';
  /** The InfluxDB 1.x URL (`INFLUX_URL`) with `influx`. */
  influxUrl?: string;
}

/** `status`: the historian's counters now (between the window's end and the stop, to follow the drain). */
export type ToGateway = { type: 'begin' } | { type: 'end' } | { type: 'status' } | { type: 'stop' };

export type FromGateway =
  | { type: 'ready'; url: string }
  | { type: 'begun'; plcs: number; plcsConnected: number }
  | { type: 'ended'; window: GatewayWindow }
  | { type: 'status'; historian: HistorianStatus | null }
  | { type: 'stopped'; final: GatewayFinal }
  | { type: 'failed'; message: string };

/** The history service's counters at one instant (since the gateway started). */
export interface HistorianStatus {
  /** The store as the service names it (`sqlite`, `influxdb via store-and-forward`). */
  backend: string;
  /** Samples handed to the recorder. */
  offered: number;
  /** Points the recorder stored (after exception reporting): into the embedded store or the buffer. */
  accepted: number;
  /** Points waiting in the recorder's memory. */
  pending: number;
  /** Dropped by the recorder (memory bound reached, or refused for good by the store). */
  dropped: number;
  /** Refused as unstorable. */
  rejected: number;
  writeErrors: number;
  maxWriteMs: number;
  /** The store's own backlog (`health().backlog`): the store-and-forward buffer's points, or those handed to SQLite's worker and not yet committed. */
  storeBacklog: number;
  /** The store-and-forward buffer's counters; null without one (embedded store). */
  forwarder: {
    forwarded: number;
    droppedOverflow: number;
    droppedAge: number;
    quarantined: number;
    outage: boolean;
  } | null;
}

/** One second of the window, as the child's own 1 s sampler saw it. */
export interface GatewaySecond {
  /** Seconds since the window began, at this sample. */
  atS: number;
  /** Samples into the tag engine per second over that second (the sampler's timer may fire late). */
  updatesPerSecond: number;
  /** CPU seconds (user + system) per wall second over that second. */
  cpuS: number;
  rssMb: number;
  /** The store's own backlog at this sample (store-and-forward buffer); null without a historian. */
  storeBacklog: number | null;
}

/** Everything counted by the child between `begin` and `end`. */
export interface GatewayWindow {
  seconds: number;
  /** Samples the drivers pushed into the tag engine. */
  updates: number;
  /** Values the engine made current (changed beyond the deadband or in quality). */
  published: number;
  /** Values handed to the runtime's subscribers after coalescing per flush. */
  delivered: number;
  cpuUserS: number;
  cpuSystemS: number;
  /** Resident set at `begin` and at `end`, and the peak of the 1 s samples, MB. */
  rssAtStartMb: number;
  rssAtEndMb: number;
  rssPeakMb: number;
  /** The V8 heap in use, peak of the 1 s samples, MB (the rest of the RSS is code, buffers and garbage not yet collected). */
  heapUsedPeakMb: number;
  perSecond: GatewaySecond[];
  /** How late a `resolutionMs` timer fired (the interval itself subtracted), ms. */
  eventLoopDelayMs: { resolutionMs: number; p50: number; p99: number; max: number };
  modbus: {
    requests: number;
    polls: number;
    overruns: number;
    timeouts: number;
    reconnects: number;
    pollMsMean: number;
    pollMsMax: number;
  };
  live: { batches: number; values: number; coalesced: number; deferred: number };
  /** null when the run has no historian. */
  historian: {
    offered: number;
    accepted: number;
    dropped: number;
    /** Time spent inside the store's write calls, summed (up to two overlap; SQLite's worker thread leaves the event loop free). */
    writeMs: number;
    maxWriteMs: number;
  } | null;
}

/** What the child reports once it has closed the app and the historian. */
export interface GatewayFinal {
  /** The process's peak resident set over its whole life (getrusage), MB. */
  maxRssMb: number;
  sinkErrors: number;
  listenerErrors: number;
  /** null when the run has no historian. */
  historian:
    | (HistorianStatus & {
        /** Still in the recorder's memory when the service began to close, after a last flush: not written. */
        pendingAtClose: number;
        /** SQLite: rows counted with a read-only connection after closing; null for InfluxDB (the bench counts). */
        rowsInStore: number | null;
        closeSeconds: number;
      })
    | null;
}
