// Builds every InfluxQL statement the historian sends; each name and time goes through identifiers.ts.
import type { InfluxTarget } from './influx-url.js';
import { assertRetention } from './influx-url.js';
import {
  assertTagName,
  assertStoreName,
  nsLiteral,
  quoteIdent,
  stringLiteral,
} from './identifiers.js';

/** One measurement for all tags; the tag name and ts_origin are InfluxDB tags, the rest fields. */
export const MEASUREMENT = 'samples';
export const TAG_KEY = 'tag';
export const ORIGIN_KEY = 'ts_origin';

const q = quoteIdent;

export function source(t: InfluxTarget): string {
  const db = assertStoreName(t.database, 'database');
  const rp = assertStoreName(t.retentionPolicy, 'retention policy');
  return `${q(db)}.${q(rp)}.${q(MEASUREMENT)}`;
}

/** `("tag" = 'A' OR "tag" = 'B') AND time >= … AND time < …` for a half-open window. */
export function whereClause(tags: readonly string[], from: number, to: number): string {
  const names = tags.map((n) => `${q(TAG_KEY)} = ${stringLiteral(assertTagName(n))}`).join(' OR ');
  return `(${names}) AND time >= ${nsLiteral(from)} AND time < ${nsLiteral(to)}`;
}

export const RAW_COLUMNS = [
  'value',
  'status',
  'quality',
  'gateway_ts',
  'seq',
  'backfill',
  ORIGIN_KEY,
];

/** The first `limit` points of each tag in the window (LIMIT applies per tag, the GROUP BY series). */
export function rawStatement(
  t: InfluxTarget,
  tags: readonly string[],
  from: number,
  to: number,
  limit: number,
): string {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError('limit');
  return (
    `SELECT ${RAW_COLUMNS.map(q).join(', ')} FROM ${source(t)} ` +
    `WHERE ${whereClause(tags, from, to)} GROUP BY ${q(TAG_KEY)} ORDER BY time ASC LIMIT ${limit}`
  );
}

export function bucketStatement(
  t: InfluxTarget,
  tags: readonly string[],
  from: number,
  to: number,
  widthMs: number,
): string {
  if (!Number.isSafeInteger(widthMs) || widthMs < 1) throw new RangeError('bucket width');
  const v = q('value');
  return (
    `SELECT min(${v}) AS ${q('min')}, mean(${v}) AS ${q('mean')}, max(${v}) AS ${q('max')}, ` +
    `last(${v}) AS ${q('last')}, count(${q('status')}) AS ${q('n')}, sum(${q('bad')}) AS ${q('bad')}, ` +
    `max(${q('status')}) AS ${q('worst')} FROM ${source(t)} WHERE ${whereClause(tags, from, to)} ` +
    `GROUP BY time(${widthMs}ms), ${q(TAG_KEY)} fill(none)`
  );
}

export function maxSeqStatement(t: InfluxTarget): string {
  return `SELECT max(${q('seq')}) AS ${q('seq')} FROM ${source(t)} GROUP BY ${q(TAG_KEY)}`;
}

export function createDatabaseStatement(t: InfluxTarget): string {
  return `CREATE DATABASE ${q(assertStoreName(t.database, 'database'))}`;
}

export function showRetentionPoliciesStatement(t: InfluxTarget): string {
  return `SHOW RETENTION POLICIES ON ${q(t.database)}`;
}

export function createRetentionPolicyStatement(t: InfluxTarget): string {
  return (
    `CREATE RETENTION POLICY ${q(assertStoreName(t.retentionPolicy, 'retention policy'))} ` +
    `ON ${q(assertStoreName(t.database, 'database'))} ` +
    `DURATION ${assertRetention(t.retention)} REPLICATION 1 DEFAULT`
  );
}
