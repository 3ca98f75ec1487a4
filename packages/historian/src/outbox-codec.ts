// Pure: a batch of history points as compact columns of JSON (one outbox row per batch, not per point).
import { STATUS_CODES, qualityFromCode } from '@zld/tags';
import type { HistoryPoint } from './historian.js';

/**
 * Columns of a batch: tag names once (`n`), then per point the name's index (`i`), time (`t`), sequence
 * number (`s`), value (`v`, null when Bad), status code (`q`: the quality follows from it), gateway time
 * (`g`, null when equal to the time) and origin (`o`, 1 for a source timestamp). The backfill flag is
 * not kept: a point replayed from the buffer is backfill by definition.
 */
interface Columns {
  n: string[];
  i: number[];
  t: number[];
  s: number[];
  v: (number | null)[];
  q: number[];
  g: (number | null)[];
  o: (0 | 1)[];
}

export function encodeBatch(points: readonly HistoryPoint[]): string {
  const names = new Map<string, number>();
  const c: Columns = { n: [], i: [], t: [], s: [], v: [], q: [], g: [], o: [] };
  for (const p of points) {
    let k = names.get(p.name);
    if (k === undefined) {
      k = c.n.length;
      names.set(p.name, k);
      c.n.push(p.name);
    }
    c.i.push(k);
    c.t.push(p.ts);
    c.s.push(p.seq);
    c.v.push(p.value === null || typeof p.value === 'boolean' ? toNumber(p.value) : p.value);
    c.q.push(STATUS_CODES[p.quality]);
    c.g.push(p.gatewayTs === p.ts ? null : p.gatewayTs);
    c.o.push(p.tsOrigin === 'source' ? 1 : 0);
  }
  return JSON.stringify(c);
}

const toNumber = (v: boolean | null): number | null => (v === null ? null : v ? 1 : 0);

/** The points of a batch, in their order; `backfill` as given. */
export function decodeBatch(payload: string, backfill: boolean): HistoryPoint[] {
  const c = JSON.parse(payload) as Columns;
  const out: HistoryPoint[] = new Array<HistoryPoint>(c.i.length);
  for (let k = 0; k < c.i.length; k++) {
    const ts = c.t[k]!;
    out[k] = {
      name: c.n[c.i[k]!]!,
      value: c.v[k] ?? null,
      quality: qualityFromCode(c.q[k]!),
      ts,
      gatewayTs: c.g[k] ?? ts,
      tsOrigin: c.o[k] === 1 ? 'source' : 'gateway',
      seq: c.s[k]!,
      backfill,
    };
  }
  return out;
}

/** The highest sequence number per tag in a batch. */
export function maxSeqs(points: readonly HistoryPoint[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of points) if (p.seq > (out.get(p.name) ?? 0)) out.set(p.name, p.seq);
  return out;
}
