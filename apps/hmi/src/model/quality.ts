// Quality classes for display: the severity of an OPC UA-named quality code, and the overlay it gets.
import type { Quality } from '@zld/api';
import type { Severity } from '@zld/tags';

export type { Severity };

/** The contract names qualities `Good`, `Uncertain_*`, `Bad_*` (OPC UA status-code names). */
export function severityOf(q: Quality | string): Severity {
  if (q.startsWith('Bad')) return 'Bad';
  if (q.startsWith('Uncertain')) return 'Uncertain';
  return 'Good';
}

/** What a display draws over a value: nothing, or one of three non-alarm quality overlays. */
export type Overlay = 'none' | 'uncertain' | 'bad' | 'stale';

/**
 * `stale` when the gateway says so (`Bad_Stale`) or when the HMI has lost its live connection (the value
 * is the last one received, not the plant now); otherwise by severity.
 */
export function overlayOf(q: Quality | string, connectionLost: boolean): Overlay {
  if (q === 'Bad_Stale') return 'stale';
  const s = severityOf(q);
  if (s === 'Bad') return 'bad';
  if (connectionLost) return 'stale';
  return s === 'Uncertain' ? 'uncertain' : 'none';
}

const SHORT: Readonly<Record<string, string>> = {
  Bad_WaitingForInitialData: 'INIT',
  Bad_CommunicationError: 'COMM',
  Bad_NoCommunication: 'NO COMM',
  Bad_ConfigurationError: 'CONFIG',
  Bad_DeviceFailure: 'DEVICE',
  Bad_SensorFailure: 'SENSOR',
  Bad_NotConnected: 'NOT CONN',
  Bad_OutOfService: 'OOS',
  Bad_Timeout: 'TIMEOUT',
  Bad_Stale: 'STALE',
  Uncertain_LastUsableValue: 'LAST',
  Uncertain_NoCommunicationLastUsableValue: 'LAST',
  Uncertain_SensorNotAccurate: 'INACC',
  Uncertain_EngineeringUnitsExceeded: 'RANGE',
  Uncertain_SubNormal: 'SUBNORM',
  Good_WritePending: 'PENDING',
  Good_LocalOverride: 'LOCAL',
};

/** A few letters for a quality code, shown next to a value ("COMM", "LAST"); '' for plain Good. */
export function qualityShort(q: Quality | string): string {
  if (q === 'Good' || q === 'Good_Backfill') return '';
  return SHORT[q] ?? (severityOf(q) === 'Good' ? '' : severityOf(q).toUpperCase());
}
