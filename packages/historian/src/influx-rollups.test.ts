import { describe, it, expect } from 'vitest';
import { HistorianError, HistorianInputError } from './historian.js';
import { parseInfluxUrl } from './influx-url.js';
import {
  durationMs,
  rebuildStatements,
  refreshStatements,
  retentionMs,
  rollupWidthsFor,
  runRollupStatements,
} from './influx-rollups.js';
import { measurementOf } from './influxql.js';
import { ROLLUP_WIDTHS } from './rollup-plan.js';

const target = parseInfluxUrl('http://127.0.0.1:8086/zld');
const M = 60_000;
const H = 60 * M;
const D = 24 * H;

describe('rollup widths under a retention', () => {
  it('read durations from the URL and from SHOW RETENTION POLICIES', () => {
    expect(retentionMs('INF')).toBe(Infinity);
    expect(retentionMs('36h')).toBe(36 * H);
    expect(retentionMs('30d')).toBe(30 * D);
    expect(retentionMs('2w')).toBe(14 * D);
    expect(durationMs('0s')).toBe(Infinity);
    expect(durationMs('720h0m0s')).toBe(30 * D);
    expect(durationMs('1h0m0s')).toBe(H);
    expect(durationMs('soon')).toBeNull();
    expect(durationMs(undefined)).toBeNull();
  });

  it('keep only widths at most 1/24 of the retention', () => {
    expect(rollupWidthsFor(Infinity)).toEqual(ROLLUP_WIDTHS);
    expect(rollupWidthsFor(H)).toEqual([5000, 30_000]);
    expect(rollupWidthsFor(D)).toEqual([5000, 30_000, 5 * M, 30 * M, H]);
    expect(rollupWidthsFor(7 * D)).toEqual([5000, 30_000, 5 * M, 30 * M, H, 6 * H]);
    expect(rollupWidthsFor(24 * D)).toEqual(ROLLUP_WIDTHS);
  });

  it('name a measurement each', () => {
    expect(ROLLUP_WIDTHS.map(measurementOf)).toEqual([
      'samples_5s',
      'samples_30s',
      'samples_5m',
      'samples_30m',
      'samples_1h',
      'samples_6h',
      'samples_1d',
    ]);
    expect(() => measurementOf(1.5)).toThrow(RangeError);
  });
});

describe('refreshStatements', () => {
  it('recompute each touched interval from the next finer width, tags with the same ranges together', () => {
    const t = Date.UTC(2025, 0, 1);
    const stmts = refreshStatements(
      target,
      [M, H],
      [
        { name: 'FT-001', ts: t + 5_000 },
        { name: 'FT-002', ts: t + 59_999 },
        { name: 'FT-001', ts: t + 20 * M },
        { name: 'FT-001', ts: t + 3 * H },
      ],
    );
    const ns = (ms: number) => `${ms}000000`;
    expect(stmts).toEqual([
      expect.stringMatching(
        new RegExp(
          `^SELECT .* INTO "zld"\\."zld_raw"\\."samples_1m" FROM "zld"\\."zld_raw"\\."samples" ` +
            `WHERE \\("tag" = 'FT-001' OR "tag" = 'FT-002'\\) AND time >= ${ns(t)} AND time < ${ns(t + M)} ` +
            `GROUP BY time\\(60000ms\\), "tag" fill\\(none\\)$`,
        ),
      ),
      expect.stringContaining('count("status") AS "bad" INTO "zld"."zld_raw"."samples_1m"'),
      expect.stringContaining(
        `FROM "zld"."zld_raw"."samples" WHERE ("tag" = 'FT-001') AND time >= ${ns(t + 20 * M)} AND time < ${ns(t + 21 * M)} `,
      ),
      expect.stringContaining('count("status") AS "bad" INTO "zld"."zld_raw"."samples_1m"'),
      expect.stringContaining(
        `("tag" = 'FT-001') AND time >= ${ns(t + 3 * H)} AND time < ${ns(t + 3 * H + M)} `,
      ),
      expect.stringContaining('count("status") AS "bad" INTO "zld"."zld_raw"."samples_1m"'),
      expect.stringContaining(
        `INTO "zld"."zld_raw"."samples_1h" FROM "zld"."zld_raw"."samples_1m" WHERE ("tag" = 'FT-001') AND time >= ${ns(t)} AND time < ${ns(t + 4 * H)} `,
      ),
      expect.stringContaining(
        `WHERE ("tag" = 'FT-002') AND time >= ${ns(t)} AND time < ${ns(t + H)} `,
      ),
    ]);
  });

  it('split many tags over statements, and many statements over requests', async () => {
    const points = Array.from({ length: 250 }, (_, i) => ({ name: `FT-${i}`, ts: 0 }));
    const stmts = refreshStatements(target, [M, H], points);
    // Per width of raw samples, each aggregate statement is followed by its Bad count.
    expect(stmts).toHaveLength(9);
    expect(stmts[4]).toContain(`"tag" = 'FT-200' OR`);
    expect(stmts[5]).toMatch(/^SELECT count\("status"\) AS "bad" INTO .*"tag" = 'FT-200' OR/);
    const requests: number[] = [];
    await runRollupStatements(
      async (batch) => {
        requests.push(batch.length);
        return batch.map(() => ({}));
      },
      [...stmts, ...stmts, ...stmts, ...stmts],
    );
    expect(requests).toEqual([10, 10, 10, 6]);
  });

  it('recompute every tag of a whole range when rebuilding', () => {
    const stmts = rebuildStatements(target, [M, H], 0, D);
    expect(stmts).toHaveLength(3);
    expect(stmts[0]).toContain('FROM "zld"."zld_raw"."samples" WHERE time >= 0 AND time < ');
    expect(stmts[1]).toContain('count("status") AS "bad" INTO "zld"."zld_raw"."samples_1m"');
    expect(stmts[2]).toContain(
      'INTO "zld"."zld_raw"."samples_1h" FROM "zld"."zld_raw"."samples_1m"',
    );
  });

  it('refuse names that could inject', () => {
    expect(() => refreshStatements(target, [M], [{ name: "A' OR 1=1", ts: 0 }])).toThrow(
      HistorianInputError,
    );
  });
});

describe('runRollupStatements', () => {
  /** Answers as InfluxDB 1.6 does: stops at the first failure, and reports a failed first statement as "not executed". */
  const fakeServer = (failures: Record<string, string>) => {
    const requests: string[][] = [];
    const request = async (stmts: string[]) => {
      requests.push(stmts);
      const out: { error?: string }[] = [];
      for (const [i, s] of stmts.entries()) {
        const error = failures[s];
        if (error === undefined) out.push({});
        else return [...out, { error: i === 0 && stmts.length > 1 ? 'not executed' : error }];
      }
      return out;
    };
    return { request, requests };
  };

  it('sends all statements in one request when they pass', async () => {
    const server = fakeServer({});
    await runRollupStatements(server.request, ['a', 'b', 'c']);
    expect(server.requests).toEqual([['a', 'b', 'c']]);
  });

  it('runs the rest one by one after a failure, passing over points beyond the retention policy', async () => {
    const server = fakeServer({ a: 'partial write: points beyond retention policy dropped=1' });
    await runRollupStatements(server.request, ['a', 'b', 'c']);
    expect(server.requests).toEqual([['a', 'b', 'c'], ['a'], ['b'], ['c']]);
  });

  it('throws any other failure, as data the store refuses', async () => {
    const server = fakeServer({ b: 'field type conflict' });
    const err = await runRollupStatements(server.request, ['a', 'b', 'c']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HistorianError);
    expect((err as HistorianError).transient).toBe(false);
    expect(server.requests).toEqual([['a', 'b', 'c'], ['b']]);
  });
});
