// Validation and escaping of everything that reaches a query language: names, times, values, points.
import { isQuality } from '@zld/tags';
import type { HistoryPoint } from './historian.js';
import { HistorianInputError } from './historian.js';

/**
 * Tag names the historian accepts: ISA-5.1 names and a PLC's own (`Line1_Temp`, `Pump.Run`, `_Spare:1`),
 * every name the plant file allows; never quotes, spaces or control characters.
 */
export const STORABLE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,127}$/;
/** Database and retention-policy names. */
export const STORE_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** Latest time accepted: 9999-12-31T23:59:59.999Z, so that ns fit a signed 64-bit integer with room. */
export const MAX_TIME_MS = 253_402_300_799_999;

export function assertTagName(name: unknown): string {
  if (typeof name !== 'string' || !STORABLE_NAME.test(name)) {
    throw new HistorianInputError(`invalid tag name ${JSON.stringify(name)}`);
  }
  return name;
}

export function assertStoreName(name: unknown, what: string): string {
  if (typeof name !== 'string' || !STORE_NAME.test(name)) {
    throw new HistorianInputError(`invalid ${what} ${JSON.stringify(name)}`);
  }
  return name;
}

/** An epoch-millisecond time: a safe integer from 1970 to 9999. */
export function assertTime(t: unknown, what: string): number {
  if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0 || t > MAX_TIME_MS) {
    throw new HistorianInputError(`invalid ${what} ${JSON.stringify(t)}: epoch ms expected`);
  }
  return t;
}

/** Stored values are numbers (booleans become 0/1) or null; NaN and infinities are refused. */
export function storableValue(v: unknown): number | null {
  if (v === null) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new HistorianInputError(`invalid value ${String(v)}`);
}

export function assertPoint(p: HistoryPoint): void {
  assertTagName(p.name);
  assertTime(p.ts, 'timestamp');
  assertTime(p.gatewayTs, 'gateway timestamp');
  storableValue(p.value);
  if (typeof p.quality !== 'string' || !isQuality(p.quality)) {
    throw new HistorianInputError(`invalid quality ${JSON.stringify(p.quality)}`);
  }
  if (p.tsOrigin !== 'source' && p.tsOrigin !== 'gateway') {
    throw new HistorianInputError(`invalid tsOrigin ${JSON.stringify(p.tsOrigin)}`);
  }
  if (!Number.isSafeInteger(p.seq) || p.seq < 1) {
    throw new HistorianInputError(`invalid seq ${JSON.stringify(p.seq)}`);
  }
}

/** Any control character (code below 0x20, or DEL). */
const hasControl = (s: string): boolean =>
  [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/** An InfluxQL double-quoted identifier (needed: `tag`, `name`, `time` are keywords). */
export function quoteIdent(s: string): string {
  if (hasControl(s)) throw new HistorianInputError('control character in identifier');
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** An InfluxQL single-quoted string literal. */
export function stringLiteral(s: string): string {
  if (hasControl(s)) throw new HistorianInputError('control character in string literal');
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** An epoch-ms time as an InfluxQL nanosecond integer literal, e.g. `1700000000000000000`. */
export function nsLiteral(ms: number): string {
  return `${BigInt(assertTime(ms, 'time')) * 1_000_000n}`;
}
