// Creates what the InfluxDB historian needs (database, retention policies) and brings its rollups up to date.
import { HistorianError } from './historian.js';
import type { InfluxTarget } from './influx-url.js';
import type { InfluxSeries, StatementResult } from './influx-point.js';
import {
  META_RETENTION_POLICY,
  countStatement,
  createDatabaseStatement,
  createMetaRetentionPolicyStatement,
  createRetentionPolicyStatement,
  extentStatements,
  formatStatement,
  showRetentionPoliciesStatement,
} from './influxql.js';
import {
  durationMs,
  rebuildStatements,
  retentionMs,
  rollupWidthsFor,
  runRollupStatements,
} from './influx-rollups.js';

/** Bumped when rollup points change meaning: rollups kept in another format (or widths) are rebuilt. */
const ROLLUP_FORMAT = 1;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface SchemaIo {
  /** Runs statements in one request; throws on any failed statement. */
  statements(stmts: string[]): Promise<InfluxSeries[][]>;
  /** Runs heavy statements (reading whole hours or days) in one request, with a long timeout. */
  maintenance(stmts: string[]): Promise<StatementResult[]>;
  /** Records the rollup format of the target's retention policy. */
  writeFormat(format: string): Promise<void>;
}

/**
 * Creates the database, the retention policy (as the default) and the policy holding the format marker
 * when missing; when the marker does not name the current rollup format and widths (a database written
 * before rollups existed, or with another retention), rebuilds every rollup from the samples, then
 * writes the marker. Answers the rollup widths kept under the policy's real duration.
 */
export async function ensureSchema(io: SchemaIo, t: InfluxTarget): Promise<number[]> {
  await io.statements([createDatabaseStatement(t)]);
  const [rps] = await io.statements([showRetentionPoliciesStatement(t)]);
  const policies = rps?.[0]?.values ?? [];
  const ours = policies.find((v) => v[0] === t.retentionPolicy);
  if (!ours) await io.statements([createRetentionPolicyStatement(t)]);
  if (!policies.some((v) => v[0] === META_RETENTION_POLICY)) {
    await io.statements([createMetaRetentionPolicyStatement(t)]);
  }
  // The policy may exist with another duration than the URL's: its own decides.
  const widths = rollupWidthsFor(durationMs(ours?.[1]) ?? retentionMs(t.retention));
  const format = `${ROLLUP_FORMAT}:${widths.join(',')}`;
  const [marker] = await io.statements([formatStatement(t)]);
  if (marker?.[0]?.values[0]?.[1] === format) return widths;
  await rebuild(io, t, widths);
  await io.writeFormat(format);
  return widths;
}

/**
 * Recomputes every rollup from the samples: day by day, the widths up to an hour an hour at a time (only
 * hours holding samples), then the wider ones for the whole day.
 */
async function rebuild(io: SchemaIo, t: InfluxTarget, widths: readonly number[]): Promise<void> {
  const read = async (stmts: string[]) => {
    const results = await io.maintenance(stmts);
    const failed = results.find((r) => r.error !== undefined);
    if (failed) throw new HistorianError(`InfluxDB: ${failed.error}`, false);
    return results;
  };
  const results = await read(extentStatements(t));
  const [first, last] = results.map((r) => r.series?.[0]?.values[0]?.[0]);
  if (typeof first !== 'number' || typeof last !== 'number') return;
  const hourly = widths.filter((w) => w <= HOUR);
  const daily = widths.filter((w) => w > HOUR);
  const run = (stmts: string[]) => runRollupStatements(io.maintenance, stmts);
  for (let day = Math.floor(first / DAY) * DAY; day <= last; day += DAY) {
    const [counts] = await read([countStatement(t, day, day + DAY, HOUR)]);
    const hours = (counts?.series?.[0]?.values ?? []).map((v) => v[0]);
    if (hours.length === 0) continue;
    for (const hour of hours) {
      if (typeof hour === 'number') await run(rebuildStatements(t, hourly, hour, hour + HOUR));
    }
    await run(rebuildStatements(t, daily, day, day + DAY, hourly[hourly.length - 1]));
  }
}
