// Builds every InfluxQL statement the historian sends; each name and time goes through identifiers.ts.
import type { InfluxTarget } from './influx-url.js';
import { RAW } from './rollup-plan.js';
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
/** Where the historian keeps its storage-format marker (a policy of its own that never expires). */
export const META_RETENTION_POLICY = 'zld_meta';
export const FORMAT_MEASUREMENT = 'rollup_format';

const q = quoteIdent;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const UNITS: [number, string][] = [
  [DAY, 'd'],
  [HOUR, 'h'],
  [MINUTE, 'm'],
  [1000, 's'],
];

/** The measurement of a rollup width (`samples_5s`, `samples_1m`, … `samples_1d`); RAW: `samples`. */
export function measurementOf(width: number): string {
  if (width === RAW) return MEASUREMENT;
  const unit = UNITS.find(([ms]) => width > 0 && width % ms === 0);
  if (!Number.isSafeInteger(width) || !unit) throw new RangeError('rollup width');
  return `${MEASUREMENT}_${width / unit[0]}${unit[1]}`;
}

/** `"db"."rp"."samples"`, or the measurement of a rollup width. */
export function source(t: InfluxTarget, width = RAW): string {
  const db = assertStoreName(t.database, 'database');
  const rp = assertStoreName(t.retentionPolicy, 'retention policy');
  return `${q(db)}.${q(rp)}.${q(measurementOf(width))}`;
}

/**
 * `("tag" = 'A' OR "tag" = 'B') AND time >= … AND time < …` for a half-open window; `tags` null: every
 * tag.
 */
export function whereClause(tags: readonly string[] | null, from: number, to: number): string {
  const window = `time >= ${nsLiteral(from)} AND time < ${nsLiteral(to)}`;
  return tags === null ? window : `${tagClause(tags)} AND ${window}`;
}

/** `("tag" = 'A' OR "tag" = 'B')`. */
function tagClause(tags: readonly string[]): string {
  return `(${tags.map((n) => `${q(TAG_KEY)} = ${stringLiteral(assertTagName(n))}`).join(' OR ')})`;
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

/**
 * Aggregates (as PartialBucket columns) over raw samples, and over rollups of a finer width. Raw samples
 * carry no `bad` field (it follows from the status code; see `badStatement`) and a `status` only when
 * not Good: samples are counted by `seq`, which every sample has, and a `worst` left null reads as Good.
 */
const FROM_RAW: [string, string, string][] = [
  ['min', 'value', 'min'],
  ['max', 'value', 'max'],
  ['sum', 'value', 'sum'],
  ['count', 'value', 'nv'],
  ['count', 'seq', 'n'],
  ['max', 'status', 'worst'],
  ['last', 'value', 'last'],
];
const FROM_ROLLUPS: [string, string, string][] = [
  ...FROM_RAW.map(([f, , col]): [string, string, string] => [f === 'count' ? 'sum' : f, col, col]),
  ['sum', 'bad', 'bad'],
];

/** Status codes from here up are Bad (the top two bits 10). */
export const BAD_STATUS = 0x80000000;

export interface AggregateSpec {
  /** What to read: RAW, or the rollups of that width. */
  width: number;
  /** null: every tag. */
  tags: readonly string[] | null;
  from: number;
  to: number;
  /** Epoch-aligned buckets of this width (a multiple of `width`). */
  groupMs: number;
  /** Write the answer into the rollups of this width (SELECT … INTO) instead of returning it. */
  into?: number;
}

/**
 * Per tag and bucket, the columns of a PartialBucket (`min max sum nv n bad worst last`, empty buckets
 * left out). A bucket whose values are all null has no `min`, `max`, `sum`, `last` and no `nv`.
 */
export function aggregateStatement(t: InfluxTarget, a: AggregateSpec): string {
  if (!Number.isSafeInteger(a.groupMs) || a.groupMs < 1) throw new RangeError('bucket width');
  const columns = [
    ...(a.width === RAW ? FROM_RAW : FROM_ROLLUPS).map(
      ([f, field, as]) => `${f}(${q(field)}) AS ${q(as)}`,
    ),
    // From raw samples `bad` starts at 0 in every interval; badStatement then counts the Bad ones.
    ...(a.width === RAW ? [`count(${q('seq')}) * 0 AS ${q('bad')}`] : []),
  ].join(', ');
  const into = a.into === undefined ? '' : ` INTO ${source(t, a.into)}`;
  return (
    `SELECT ${columns}${into} FROM ${source(t, a.width)} WHERE ${whereClause(a.tags, a.from, a.to)} ` +
    `GROUP BY time(${a.groupMs}ms), ${q(TAG_KEY)} fill(none)`
  );
}

/**
 * The Bad samples per interval of raw samples (`count(status) AS bad` where the status is Bad), written
 * over the zero `aggregateStatement` gave: run it after that one, with the same spec. Intervals without a
 * Bad sample get no row here and keep their 0.
 */
export function badStatement(t: InfluxTarget, a: AggregateSpec): string {
  if (a.width !== RAW) throw new RangeError('Bad counts come from raw samples');
  const into = a.into === undefined ? '' : ` INTO ${source(t, a.into)}`;
  return (
    `SELECT count(${q('status')}) AS ${q('bad')}${into} FROM ${source(t)} ` +
    `WHERE ${q('status')} >= ${BAD_STATUS} AND ${whereClause(a.tags, a.from, a.to)} ` +
    `GROUP BY time(${a.groupMs}ms), ${q(TAG_KEY)} fill(none)`
  );
}

/** The aggregate statement, and from raw samples the Bad count after it. */
export function aggregateStatements(t: InfluxTarget, a: AggregateSpec): string[] {
  return a.width === RAW
    ? [aggregateStatement(t, a), badStatement(t, a)]
    : [aggregateStatement(t, a)];
}

/** Columns of a rollup point (those of a PartialBucket but its time). */
export const ROLLUP_FIELDS = ['n', 'nv', 'sum', 'min', 'max', 'last', 'worst', 'bad'] as const;
// `seq` too: a sample with neither a value nor a status (Good, null) would otherwise give no row.
const SAMPLE_FIELDS = ['value', 'status', 'seq'] as const;

/**
 * Per tag, in time order, the rows of [from, to): raw samples (`value status bad`) or rollup points.
 * Queries fold these into buckets themselves: InfluxDB 1.6 computes several aggregates of a series far
 * more slowly than it returns the rows, and rollups bound their number (about 6 per bucket).
 */
export function rowsStatement(
  t: InfluxTarget,
  width: number,
  tags: readonly string[],
  from: number,
  to: number,
): string {
  const columns = width === RAW ? SAMPLE_FIELDS : ROLLUP_FIELDS;
  return (
    `SELECT ${columns.map(q).join(', ')} FROM ${source(t, width)} ` +
    `WHERE ${whereClause(tags, from, to)} GROUP BY ${q(TAG_KEY)}`
  );
}

/**
 * Per tag, its latest raw sample (time and `seq`), or with a rollup width its latest rollup point (the
 * interval holding that sample).
 */
export function latestStatement(t: InfluxTarget, width: number, tags: readonly string[]): string {
  const columns = width === RAW ? ['seq'] : ROLLUP_FIELDS;
  return (
    `SELECT ${columns.map(q).join(', ')} FROM ${source(t, width)} WHERE ${tagClause(tags)} ` +
    `GROUP BY ${q(TAG_KEY)} ORDER BY time DESC LIMIT 1`
  );
}

/** How many raw samples each non-empty interval of `width` in [from, to) holds (all tags together). */
export function countStatement(t: InfluxTarget, from: number, to: number, width: number): string {
  return (
    `SELECT count(${q('seq')}) FROM ${source(t)} WHERE ${whereClause(null, from, to)} ` +
    `GROUP BY time(${width}ms) fill(none)`
  );
}

/** The first and last point times of the raw samples (empty answer when there are none). */
export function extentStatements(t: InfluxTarget): string[] {
  return ['first', 'last'].map((f) => `SELECT ${f}(${q('seq')}) FROM ${source(t)}`);
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

export function createMetaRetentionPolicyStatement(t: InfluxTarget): string {
  return (
    `CREATE RETENTION POLICY ${q(META_RETENTION_POLICY)} ` +
    `ON ${q(assertStoreName(t.database, 'database'))} DURATION INF REPLICATION 1`
  );
}

/** The rollup format this retention policy's rollups were built in (no answer: never built). */
export function formatStatement(t: InfluxTarget): string {
  const rp = assertStoreName(t.retentionPolicy, 'retention policy');
  return (
    `SELECT last(${q('format')}) AS ${q('format')} FROM ` +
    `${q(assertStoreName(t.database, 'database'))}.${q(META_RETENTION_POLICY)}.${q(FORMAT_MEASUREMENT)} ` +
    `WHERE ${q('rp')} = ${stringLiteral(rp)}`
  );
}
