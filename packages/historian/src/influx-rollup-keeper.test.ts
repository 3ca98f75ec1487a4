// The rollup keeper without a server: a request function that knows no stored sample.
import { describe, expect, it } from 'vitest';
import type { HistoryPoint } from './historian.js';
import type { StatementResult } from './influx-point.js';
import { InfluxRollupKeeper } from './influx-rollup-keeper.js';
import { parseInfluxUrl } from './influx-url.js';
import type { RollupRow } from './rollup-book.js';

const T0 = Date.UTC(2030, 0, 1);

const point = (name: string, ts: number, seq: number): HistoryPoint => ({
  name,
  ts,
  seq,
  value: seq,
  quality: 'Good',
  gatewayTs: ts,
  tsOrigin: 'gateway',
  backfill: false,
});

const openRows = (rows: readonly RollupRow[]) =>
  rows.map((r) => [r.tag, r.width, r.partial.t, r.partial.n]);

describe('InfluxRollupKeeper', () => {
  it('writes the open intervals a failed write carried with a later one; the failed write’s tags start over', async () => {
    let now = 0;
    const request = async (stmts: string[]): Promise<StatementResult[]> => stmts.map(() => ({}));
    const keeper = new InfluxRollupKeeper(
      parseInfluxUrl('http://127.0.0.1:1/zld'),
      [5000, 30_000],
      request,
      { openEveryMs: 1000, now: () => now },
    );
    expect((await keeper.plan([point('FT-001', T0, 1)])).open).toEqual([]);
    now = 1000;
    const failing = await keeper.plan([point('PT-002', T0 + 10, 1)]);
    expect(openRows(failing.open)).toEqual([
      ['FT-001', 5000, T0, 1],
      ['FT-001', 30_000, T0, 1],
      ['PT-002', 5000, T0, 1],
      ['PT-002', 30_000, T0, 1],
    ]);
    expect(failing.rows).toEqual(expect.arrayContaining(failing.open));
    keeper.failed([point('PT-002', T0 + 10, 1)], failing.open);
    expect(keeper.openOf('PT-002', 5000)).toBeNull();
    now = 2000;
    const next = await keeper.plan([point('LT-003', T0 + 20, 1)]);
    expect(openRows(next.open)).toEqual([
      ['FT-001', 5000, T0, 1],
      ['FT-001', 30_000, T0, 1],
      ['LT-003', 5000, T0, 1],
      ['LT-003', 30_000, T0, 1],
    ]);
    expect(keeper.takeOpen()).toEqual([]);
  });
});
