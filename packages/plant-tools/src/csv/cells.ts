// The text forms of the CSV's cells: ranges, scaling, data types, word orders, alarm limits, scan periods, yes/no.
import { DATA_TYPES, PRIORITIES, type DataType, type Priority } from '@zld/plant';

/** A cell's value, or what is wrong with it (the caller adds the line and column). */
export type Parsed<T> = { ok: true; value: T; warning?: string } | { ok: false; error: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function parseNumber(text: string): Parsed<number> {
  const t = text.trim();
  return NUMBER.test(t) ? ok(Number(t)) : fail(`"${text}" is not a number`);
}

/** `0..100` (also `0 .. 100`); negative numbers and exponents are fine: `-10..2e3`. */
export function parseSpan(text: string): Parsed<[number, number]> {
  const m = /^(.+?)\s*\.\.\s*(.+)$/.exec(text.trim());
  if (!m) return fail(`"${text}" is not a span like 0..100`);
  const lo = parseNumber(m[1]!);
  const hi = parseNumber(m[2]!);
  if (!lo.ok) return lo;
  if (!hi.ok) return hi;
  return ok([lo.value, hi.value]);
}

export const formatSpan = ([lo, hi]: readonly [number, number]): string => `${lo}..${hi}`;

/** `0..10000 -> 0..100`: raw counts to engineering units. */
export function parseScaling(
  text: string,
): Parsed<{ raw: [number, number]; eu: [number, number] }> {
  const parts = text.split('->');
  if (parts.length !== 2) return fail(`"${text}" is not a scaling like 0..10000 -> 0..100`);
  const raw = parseSpan(parts[0]!);
  const eu = parseSpan(parts[1]!);
  if (!raw.ok) return raw;
  if (!eu.ok) return eu;
  return ok({ raw: raw.value, eu: eu.value });
}

export const formatScaling = (s: {
  raw: readonly [number, number];
  eu: readonly [number, number];
}): string => `${formatSpan(s.raw)} -> ${formatSpan(s.eu)}`;

/** Names PLC tools and OPC UA use for the plant file's data types. */
const TYPE_ALIASES: Readonly<Record<string, DataType>> = {
  boolean: 'bool',
  bit: 'bool',
  int: 'int16',
  short: 'int16',
  word: 'uint16',
  uint: 'uint16',
  ushort: 'uint16',
  dint: 'int32',
  udint: 'uint32',
  dword: 'uint32',
  real: 'float32',
  float: 'float32',
  lreal: 'float64',
  double: 'float64',
};

export function parseDataType(text: string): Parsed<DataType> {
  const t = text.trim().toLowerCase();
  if ((DATA_TYPES as readonly string[]).includes(t)) return ok(t as DataType);
  const alias = TYPE_ALIASES[t];
  return alias
    ? ok(alias)
    : fail(`unknown data type "${text}" (one of ${DATA_TYPES.join(', ')}, or REAL, DINT, INT...)`);
}

export interface RegisterOrder {
  byteOrder: 'big' | 'little';
  wordOrder: 'big' | 'little';
}

/** The byte letters of a 32-bit value as the registers carry them, the way Modbus tools name the orders. */
const ORDERS: Readonly<Record<string, RegisterOrder>> = {
  ABCD: { byteOrder: 'big', wordOrder: 'big' },
  CDAB: { byteOrder: 'big', wordOrder: 'little' },
  BADC: { byteOrder: 'little', wordOrder: 'big' },
  DCBA: { byteOrder: 'little', wordOrder: 'little' },
};

/** `ABCD`, `CDAB`, `BADC`, `DCBA`; or `big` / `little` for the word order with bytes big-endian. */
export function parseOrder(text: string): Parsed<RegisterOrder> {
  const t = text.trim();
  const named = ORDERS[t.toUpperCase()];
  if (named) return ok(named);
  if (t.toLowerCase() === 'big' || t.toLowerCase() === 'little')
    return ok({ byteOrder: 'big', wordOrder: t.toLowerCase() as 'big' | 'little' });
  return fail(`unknown word order "${text}" (ABCD, CDAB, BADC, DCBA, big or little)`);
}

export function formatOrder(o: RegisterOrder): string {
  const hit = Object.entries(ORDERS).find(
    ([, v]) => v.byteOrder === o.byteOrder && v.wordOrder === o.wordOrder,
  );
  return hit?.[0] ?? 'ABCD';
}

/** An alarm limit cell: `95`, or `95 critical` with its priority. */
export function parseLimit(text: string): Parsed<{ limit: number; priority?: Priority }> {
  const [num = '', prio, ...more] = text.trim().split(/\s+/);
  const limit = parseNumber(num);
  if (!limit.ok) return fail(`"${text}" is not a limit like 95 or 95 high`);
  if (more.length > 0) return fail(`"${text}" is not a limit like 95 or 95 high`);
  if (prio === undefined) return ok({ limit: limit.value });
  const p = prio.toLowerCase();
  if (!(PRIORITIES as readonly string[]).includes(p))
    return fail(`unknown priority "${prio}" (${PRIORITIES.join(', ')})`);
  return ok({ limit: limit.value, priority: p as Priority });
}

/** Scan classes by name; any other period is a class named after it (`250ms`). */
export const NAMED_SCANS: Readonly<Record<string, number>> = {
  fast: 500,
  normal: 1000,
  slow: 5000,
};
export const DEFAULT_SCAN = 'normal';

/** `fast`, `normal`, `slow`, or a period: `250ms`, `2 s`. Answers the class name and its period. */
export function parseScan(text: string): Parsed<{ name: string; periodMs: number }> {
  const t = text.trim().toLowerCase();
  const named = NAMED_SCANS[t];
  if (named !== undefined) return ok({ name: t, periodMs: named });
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s)$/.exec(t);
  if (!m) return fail(`"${text}" is not a scan (fast, normal, slow, or a period like 250ms or 2s)`);
  const periodMs = Math.round(Number(m[1]) * (m[2] === 's' ? 1000 : 1));
  if (periodMs < 50 || periodMs > 3_600_000)
    return fail(`scan period ${periodMs} ms is outside 50 ms to 1 h`);
  const name = Object.entries(NAMED_SCANS).find(([, p]) => p === periodMs)?.[0];
  return ok({ name: name ?? `${periodMs}ms`, periodMs });
}

export function formatScan(name: string, periodMs: number): string {
  return NAMED_SCANS[name] === periodMs ? name : `${periodMs}ms`;
}

export function parseYesNo(text: string): Parsed<boolean> {
  const t = text.trim().toLowerCase();
  if (['yes', 'y', 'true', '1', 'x', 'rw', 'w'].includes(t)) return ok(true);
  if (['no', 'n', 'false', '0', '', 'r', 'ro'].includes(t)) return ok(false);
  return fail(`"${text}" is not yes or no`);
}

/** Labels of discrete values: `0=STOP|1=RUN`. */
export function parseStates(text: string): Parsed<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const part of text.split('|')) {
    const m = /^\s*(-?\d+)\s*=\s*(.*?)\s*$/.exec(part);
    if (!m || m[2] === '')
      return fail(`"${part.trim()}" is not a state like 0=STOP (states: 0=STOP|1=RUN)`);
    if (out[m[1]!] !== undefined) return fail(`state ${m[1]} is given twice`);
    out[m[1]!] = m[2]!;
  }
  return ok(out);
}

export function formatStates(states: Readonly<Record<string, string>>): string {
  return Object.entries(states)
    .map(([k, v]) => `${k}=${v}`)
    .join('|');
}
