// Quality codes named after OPC UA status codes; severity from the top two bits (00 Good, 01 Uncertain, 10 Bad).

/**
 * Status codes the project uses, by name, with their numeric values. Every name that is an OPC UA code
 * carries the value of the OPC UA status-code table (Part 4/6), checked against node-opcua's table in
 * quality.test.ts. Three names are not OPC UA codes but data-quality states that other SCADA systems
 * name the same way: `Good_Backfill`, `Good_WritePending` and `Bad_Stale`. They take sub-codes from
 * the top of the 12-bit sub-code field (0xFFD-0xFFF), which OPC UA has never assigned (its sub-codes
 * stop far lower), so they collide with no real code; their top two bits still give the right severity.
 * Do not send them to an OPC UA peer as if they were standard codes.
 */
export const STATUS_CODES = {
  Good: 0x00000000,
  /** Not an OPC UA code: a value replayed from the store-and-forward buffer. */
  Good_Backfill: 0x0ffe0000,
  /** Not an OPC UA code: a write was sent and awaits read-back. */
  Good_WritePending: 0x0ffd0000,
  Good_LocalOverride: 0x00960000,
  Uncertain: 0x40000000,
  Uncertain_LastUsableValue: 0x40900000,
  Uncertain_SensorNotAccurate: 0x40930000,
  Uncertain_EngineeringUnitsExceeded: 0x40940000,
  Uncertain_SubNormal: 0x40950000,
  Uncertain_NoCommunicationLastUsableValue: 0x408f0000,
  Bad: 0x80000000,
  Bad_WaitingForInitialData: 0x80320000,
  Bad_CommunicationError: 0x80050000,
  Bad_NoCommunication: 0x80310000,
  Bad_ConfigurationError: 0x80890000,
  Bad_DeviceFailure: 0x808b0000,
  Bad_SensorFailure: 0x808c0000,
  Bad_NotConnected: 0x808a0000,
  Bad_OutOfService: 0x808d0000,
  Bad_Timeout: 0x800a0000,
  /** Not an OPC UA code: no fresh update for k x the tag's scan period. */
  Bad_Stale: 0x8fff0000,
} as const;

/** The names above that are this project's own, not OPC UA status codes. */
export const LOCAL_QUALITIES: readonly Quality[] = [
  'Good_Backfill',
  'Good_WritePending',
  'Bad_Stale',
];

export type Quality = keyof typeof STATUS_CODES;
export type Severity = 'Good' | 'Uncertain' | 'Bad';

export function severityOf(q: Quality): Severity {
  const bits = STATUS_CODES[q] >>> 30;
  return bits === 0 ? 'Good' : bits === 1 ? 'Uncertain' : 'Bad';
}

export const isGood = (q: Quality): boolean => severityOf(q) === 'Good';
export const isBad = (q: Quality): boolean => severityOf(q) === 'Bad';
export const isUncertain = (q: Quality): boolean => severityOf(q) === 'Uncertain';

const BY_CODE = new Map<number, Quality>(
  (Object.entries(STATUS_CODES) as [Quality, number][]).map(([k, v]) => [v, k]),
);

/** Maps a numeric status code (e.g. from OPC UA) to a known name, falling back to its severity class. */
export function qualityFromCode(code: number): Quality {
  const exact = BY_CODE.get((code & 0xffff0000) >>> 0);
  if (exact) return exact;
  const bits = code >>> 30;
  return bits === 0 ? 'Good' : bits === 1 ? 'Uncertain' : 'Bad';
}

export function isQuality(s: string): s is Quality {
  return Object.prototype.hasOwnProperty.call(STATUS_CODES, s);
}
