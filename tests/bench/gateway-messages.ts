// The messages between the benchmark and its gateway child process (Node IPC), and what the child measures.

/** Passed to the child as its one argument (JSON). */
export interface GatewayChildConfig {
  /** The plant definition (JSON text, which is YAML) the gateway loads. */
  plantFile: string;
  /** Where the embedded SQLite historian lives (a temporary folder). */
  dataDir: string;
  /** Record every change in the embedded historian (false: measure the gateway without it). */
  historian: boolean;
}

export type ToGateway = { type: 'begin' } | { type: 'end' } | { type: 'stop' };

export type FromGateway =
  | { type: 'ready'; url: string }
  | { type: 'begun'; plcs: number; plcsConnected: number }
  | { type: 'ended'; window: GatewayWindow }
  | { type: 'stopped'; final: GatewayFinal }
  | { type: 'failed'; message: string };

/** One second of the window, as the child's own 1 s sampler saw it. */
export interface GatewaySecond {
  /** Samples into the tag engine per second over that second (the sampler's timer may fire late). */
  updatesPerSecond: number;
  /** CPU seconds (user + system) per wall second over that second. */
  cpuS: number;
  rssMb: number;
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
  rssPeakMb: number;
  /** The V8 heap in use, peak of the 1 s samples, MB (the rest of the RSS is code, buffers and garbage not yet collected). */
  heapUsedPeakMb: number;
  perSecond: GatewaySecond[];
  eventLoopDelayMs: { p50: number; p99: number; max: number };
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
    written: number;
    dropped: number;
    /** Time spent inside the store's write calls (synchronous SQLite: the event loop is blocked). */
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
  historian: {
    backend: string;
    /** Samples offered to the recorder over the whole run. */
    offered: number;
    written: number;
    /** Dropped by the recorder (memory bound reached, or refused by the store). */
    dropped: number;
    /** Refused as unstorable. */
    rejected: number;
    /** Still in memory when the recorder stopped (not written). */
    pendingAtClose: number;
    writeErrors: number;
    maxWriteMs: number;
    /** Rows counted in the SQLite file after closing. */
    rowsInStore: number;
    closeSeconds: number;
  } | null;
}
