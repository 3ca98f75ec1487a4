// The one interface every protocol driver implements, the sample sink it feeds, and its status, counters and errors.
import type { PlcDef, TagDef } from '@zld/plant';
import type { Quality, TagSink, Value } from '@zld/tags';

/**
 * How a driver names a tag to its sink: the tag engine's index (fast path) or the tag name.
 * The driver resolves each tag's key once, at construction, with `DriverOptions.keyOf`.
 */
export type TagKey = number | string;

/** A sample value in engineering units (scaling applied); null whenever the quality is Bad. */
export type SampleValue = Value;

/**
 * Receives every sample a driver produces, synchronously from its I/O callbacks: the tag engine's
 * `TagSink` (`engine.sink(clock)`), or any function of the same shape.
 *
 * The contract, shared with the tag engine's `update(key, value, quality, sourceTs, now)`:
 * - `value` is in engineering units (the driver applies `TagDef.scaling`) and null when `quality` is Bad;
 * - `sourceTs` is the device's timestamp in epoch ms (OPC UA), or undefined when the protocol has none
 *   (Modbus): the tag engine then stamps its receive time and marks the sample `tsOrigin: 'gateway'`;
 * - communication loss is reported as `COMM_LOSS` (`Bad_CommunicationError`) with a null value, once per
 *   tag when the link goes down. Whether a last usable value exists is the tag engine's knowledge, so it is
 *   the tag engine that turns this into `Bad_NoCommunication` when it has none (requirement 3.3);
 * - a driver pushes every polled value, changed or not (deadband and staleness are the engine's job).
 *
 * Passing the key, value, quality and timestamp as plain arguments lets a driver feed the engine's
 * index-based fast path without allocating an object per sample. A sink must not throw.
 */
export type SampleSink = TagSink;

/** The quality a driver reports for every tag of a PLC it cannot reach (see `SampleSink`). */
export const COMM_LOSS: Quality = 'Bad_CommunicationError';

export interface DriverStatus {
  plcId: string;
  protocol: string;
  connected: boolean;
  /** Auto-demoted after too many consecutive timeouts: no polls, tags Bad, writes refused. */
  demoted: boolean;
  /** Epoch ms (wall clock) when the demotion ends, or null. */
  demotedUntil: number | null;
  lastError: string | null;
  consecutiveTimeouts: number;
}

export interface ScanClassCounters {
  periodMs: number;
  polls: number;
  overruns: number;
  lastDurationMs: number;
  maxDurationMs: number;
}

/** Totals since the driver was created; rates are the caller's job. */
export interface DriverCounters {
  /** Completed polls (Modbus) over all scan classes. */
  polls: number;
  pollDurationMsTotal: number;
  pollDurationMsLast: number;
  pollDurationMsMax: number;
  /** Scan ticks skipped because the previous poll of that class was still running. */
  overruns: number;
  /** Requests sent to the device (reads, writes, OPC UA service calls by the driver). */
  requests: number;
  /** Protocol error answers by code: Modbus exception codes as `0x02`, OPC UA status names. */
  exceptions: Record<string, number>;
  timeouts: number;
  /** Successful re-connections after a loss. */
  reconnects: number;
  /** Samples pushed to the sink (OPC UA: data-change notifications). */
  notifications: number;
  writes: number;
  writeFailures: number;
  /** Samples whose value lay outside their tag's range (Uncertain_EngineeringUnitsExceeded). */
  valuesOutOfRange: number;
  /** Samples whose raw data gave no usable value: NaN, infinity, or data that does not decode (Bad). */
  valuesBad: number;
  scanClasses: Record<string, ScanClassCounters>;
}

export interface ReadSample {
  name: string;
  value: SampleValue;
  quality: Quality;
  sourceTs: number | undefined;
}

export interface WriteResult {
  name: string;
  /** The value written, in engineering units. */
  value: number | boolean;
  /** `Good_WritePending` when the device acknowledged but has not completed the write (Modbus 0x05). */
  quality: Quality;
}

export type DriverErrorCode =
  | 'UNKNOWN_TAG'
  | 'NOT_WRITABLE'
  | 'BAD_VALUE'
  | 'DEMOTED'
  | 'NOT_CONNECTED'
  | 'TIMEOUT'
  | 'DEVICE'
  | 'STOPPED';

/** A refused or failed driver operation. `quality` says what the device answered, when it answered. */
export class DriverError extends Error {
  readonly code: DriverErrorCode;
  readonly quality: Quality | undefined;
  constructor(code: DriverErrorCode, message: string, quality?: Quality) {
    super(message);
    this.name = 'DriverError';
    this.code = code;
    this.quality = quality;
  }
}

export interface Driver {
  readonly plcId: string;
  readonly protocol: string;
  /** Starts connecting and polling or subscribing; resolves at once, without waiting for the PLC. */
  start(): Promise<void>;
  /** Stops timers, closes the connection; no sample is pushed after it resolves. */
  stop(): Promise<void>;
  /** Writes one tag (engineering units). Only tags flagged `writable`; throws `DriverError` otherwise. */
  write(tagName: string, value: number | boolean): Promise<WriteResult>;
  /** Reads tags straight from the device (read-back); samples come back in the order asked. */
  read(tagNames: readonly string[]): Promise<ReadSample[]>;
  status(): DriverStatus;
  counters(): DriverCounters;
}

export interface DriverLogger {
  info(message: string): void;
  warn(message: string): void;
}

export const consoleLogger: DriverLogger = {
  info: (m) => console.info(m),
  warn: (m) => console.warn(m),
};

export interface ReconnectOptions {
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface DriverOptions {
  /** Tags to serve: any list (e.g. every tag of the plant); a driver keeps those addressed on its PLC. */
  tags: readonly TagDef[];
  sink: SampleSink;
  /**
   * The device confirmed, without resending it, that a tag still holds its last value (an OPC UA
   * subscription reports only changes; each publish response confirms the rest). Wire it to the tag
   * engine's `touch(key, now)` so unchanged values do not turn stale. Polling drivers do not call it.
   */
  touch?: (tag: TagKey) => void;
  /** The key the sink receives for a tag; default the tag name. */
  keyOf?: (tag: TagDef) => TagKey;
  logger?: DriverLogger;
  /** Back-off between connection attempts (exponential, with jitter). */
  reconnect?: Partial<ReconnectOptions>;
  /**
   * The PKI folder (own certificate, trusted and rejected peers) of protocols that authenticate with
   * certificates (OPC UA). Each protocol keeps its own store inside as it needs.
   */
  pkiDir?: string;
  /**
   * Each protocol's own options, under its id (`{ opcua: { acceptUnknownCertificate: true } }` in
   * tests). A module reads only its own entry (see its `schema.ts`); the kernel names no protocol.
   */
  protocolOptions?: Readonly<Record<string, unknown>>;
}

export const DEFAULT_RECONNECT: ReconnectOptions = { initialDelayMs: 500, maxDelayMs: 30_000 };

/** The PLC tags a driver serves: not computed, addressed on this PLC. */
export function tagsOfPlc(plc: PlcDef, tags: readonly TagDef[]): TagDef[] {
  return tags.filter((t) => !t.computed && t.plc === plc.id && t.address !== undefined);
}

/**
 * Wraps a sink so that a sample it refuses (e.g. a key the tag engine does not know) cannot throw into a
 * driver's socket callbacks; the first refusal is logged.
 */
export function guardSink(sink: SampleSink, logger: DriverLogger, plcId: string): SampleSink {
  let warned = false;
  return (tag, value, quality, sourceTs) => {
    try {
      sink(tag, value, quality, sourceTs);
    } catch (err) {
      if (warned) return;
      warned = true;
      logger.warn(
        `${plcId}: the sink refused a sample of ${String(tag)}: ${(err as Error).message}`,
      );
    }
  };
}
