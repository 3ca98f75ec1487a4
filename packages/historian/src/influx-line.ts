// Pure: history points and rollup rows as InfluxDB line protocol, made for speed (no BigInt, no escaping at run time).
import { STATUS_CODES } from '@zld/tags';
import type { HistoryPoint } from './historian.js';
import { assertPoint, storableValue } from './identifiers.js';
import { MEASUREMENT, ORIGIN_KEY, TAG_KEY, measurementOf } from './influxql.js';
import type { PartialBucket } from './partial-bucket.js';

/**
 * A sample is `samples,tag=<name>,ts_origin=<origin> value=<v>,seq=<n>i <ns>`, with `status=<code>i` only
 * when the quality is not Good (no status field reads as Good), `gateway_ts` only when it differs from
 * the sample time (OPC UA source times) and `backfill=true` only when set. Quality and Bad are not
 * stored: both follow from the status code (`qualityFromCode`, its top two bits). InfluxDB's work grows
 * with every field of every point: at 100k points/s, three fields cost it half again the CPU of two.
 * Points written before this format carry `status`, `quality`, `bad`, `gateway_ts` and `backfill`
 * always; readers accept both.
 *
 * Tag names are checked against `STORABLE_NAME` (letters, digits, `_ . : -`), which needs no escaping
 * in a line-protocol tag value; the series prefix of each name is made once.
 */
export class LineRenderer {
  /** Series prefixes by tag name, for gateway and for source timestamps. */
  private readonly gateway = new Map<string, string>();
  private readonly source = new Map<string, string>();

  /** One sample as a line (without the newline); throws HistorianInputError for an unstorable point. */
  sample(p: HistoryPoint, backfill = p.backfill): string {
    const prefixes = p.tsOrigin === 'source' ? this.source : this.gateway;
    let prefix = prefixes.get(p.name);
    if (prefix === undefined) {
      assertPoint(p);
      prefix = `${MEASUREMENT},${TAG_KEY}=${p.name},${ORIGIN_KEY}=${p.tsOrigin} `;
      prefixes.set(p.name, prefix);
    } else if (
      !Number.isSafeInteger(p.ts) ||
      p.ts < 0 ||
      !Number.isSafeInteger(p.seq) ||
      p.seq < 1
    ) {
      assertPoint(p);
    }
    const v = storableValue(p.value);
    const status = STATUS_CODES[p.quality];
    if (status === undefined) assertPoint(p);
    let line = prefix;
    if (v !== null) line += `value=${v},`;
    if (status !== 0) line += `status=${status}i,`;
    line += `seq=${p.seq}i`;
    if (p.gatewayTs !== p.ts) line += `,gateway_ts=${Math.round(p.gatewayTs)}i`;
    if (backfill) line += ',backfill=true';
    return `${line} ${pointKeyNs(p.ts, p.seq)}`;
  }

  /** A rollup row: the interval's aggregates at its start time (null aggregates left out). */
  rollup(tag: string, width: number, p: PartialBucket): string {
    let fields = `n=${p.n}i,nv=${p.nv}i,worst=${p.worst}i,bad=${p.bad}i`;
    if (p.sum !== null) fields += `,sum=${p.sum}`;
    if (p.min !== null) fields += `,min=${p.min}`;
    if (p.max !== null) fields += `,max=${p.max}`;
    if (p.last !== null) fields += `,last=${p.last}`;
    return `${measurementOf(width)},${TAG_KEY}=${tag} ${fields} ${p.t === 0 ? '0' : `${p.t}000000`}`;
  }
}

/**
 * The point's InfluxDB time in ns: the original timestamp in ms, plus `seq mod 1e6` ns. A replay of the
 * same sample lands on the same key (no duplicate); two distinct samples of one tag in the same
 * millisecond get distinct keys (InfluxDB would otherwise merge them, last write winning). Reading the
 * time back in ms truncates the offset, so the original timestamp comes back unchanged. Made as text:
 * the nanoseconds pass 2^53.
 */
export function pointKeyNs(ts: number, seq: number): string {
  const offset = String(seq % 1_000_000);
  return ts === 0 ? offset : `${ts}${'000000'.slice(offset.length)}${offset}`;
}
