// The loopback line protocol (pure): one JSON object per line each way, answers in request order.
//
//   -> {"id":1,"op":"read","keys":["level","pump"]}    <- {"id":1,"values":[[42.5,"Good"],[true,"Good"]]}
//   -> {"id":2,"op":"write","key":"sp","value":40}     <- {"id":2,"ok":true}
//   any request the device refuses                      <- {"id":n,"error":"unknown key sp"}
import { isQuality, type Quality } from '@zld/tags';

export type WireValue = number | boolean | null;

export type Request =
  | { id: number; op: 'read'; keys: string[] }
  | { id: number; op: 'write'; key: string; value: number | boolean };

export type Answer =
  | { id: number; values: [WireValue, Quality][] }
  | { id: number; ok: true }
  | { id: number; error: string };

/** Longest line either side accepts (a read of a few thousand keys fits). */
export const MAX_LINE = 1 << 20;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): v is number | boolean =>
  typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** A request line, or a plain reason it is not one. */
export function parseRequest(line: string): Request | string {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  if (!isObject(v) || typeof v.id !== 'number' || !Number.isInteger(v.id)) return 'no integer id';
  if (v.op === 'read' && Array.isArray(v.keys) && v.keys.every((k) => typeof k === 'string'))
    return { id: v.id, op: 'read', keys: v.keys as string[] };
  if (v.op === 'write' && typeof v.key === 'string' && isScalar(v.value))
    return { id: v.id, op: 'write', key: v.key, value: v.value };
  return `not a read or write request`;
}

/** An answer line, or a plain reason it is not one (the device answered garbage). */
export function parseAnswer(line: string): Answer | string {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  if (!isObject(v) || typeof v.id !== 'number') return 'no id';
  if (typeof v.error === 'string') return { id: v.id, error: v.error };
  if (v.ok === true) return { id: v.id, ok: true };
  if (Array.isArray(v.values)) {
    const values: [WireValue, Quality][] = [];
    for (const e of v.values) {
      if (!Array.isArray(e) || e.length !== 2) return 'a value is not [value, quality]';
      const [value, quality] = e as unknown[];
      if (
        !(value === null || isScalar(value)) ||
        typeof quality !== 'string' ||
        !isQuality(quality)
      )
        return 'a bad value or quality';
      values.push([value, quality]);
    }
    return { id: v.id, values };
  }
  return 'neither values, ok nor error';
}

/** Splits a byte stream into lines; refuses a line longer than `MAX_LINE`. */
export class LineSplitter {
  private rest = '';
  constructor(private readonly onLine: (line: string) => void) {}

  /** Feeds a chunk; throws when a line grows past `MAX_LINE`. */
  push(chunk: string): void {
    const text = this.rest + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const line = text.slice(start, nl).trim();
      start = nl + 1;
      if (line) this.onLine(line);
    }
    this.rest = text.slice(start);
    if (this.rest.length > MAX_LINE) throw new Error(`a line longer than ${MAX_LINE} bytes`);
  }
}
