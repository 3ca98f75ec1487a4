import { describe, it, expect } from 'vitest';
import { HistorianInputError } from './historian.js';
import type { HistoryPoint } from './historian.js';
import { LineRenderer, pointKeyNs } from './influx-line.js';
import { rowsToPoints, samplesToPartials } from './influx-point.js';

const p: HistoryPoint = {
  name: 'FT-001',
  value: 12.5,
  quality: 'Good',
  ts: 1_700_000_000_123,
  gatewayTs: 1_700_000_000_130,
  tsOrigin: 'source',
  seq: 42,
  backfill: false,
};
const lines = new LineRenderer();

describe('InfluxDB point keys', () => {
  it('are the original time in ns plus seq mod 1e6, computed without rounding', () => {
    expect(pointKeyNs(1_700_000_000_123, 42)).toBe('1700000000123000042');
    expect(pointKeyNs(1_700_000_000_123, 1_000_042)).toBe('1700000000123000042');
    expect(pointKeyNs(1_700_000_000_123, 999_999)).toBe('1700000000123999999');
    expect(pointKeyNs(0, 7)).toBe('7');
    expect(BigInt(pointKeyNs(8_640_000_000_000, 123_456))).toBe(
      8_640_000_000_000n * 1_000_000n + 123_456n,
    );
  });

  it('are the same for a replay and different for two samples in one millisecond', () => {
    const key = (line: string) => line.slice(line.lastIndexOf(' ') + 1);
    expect(key(lines.sample(p))).toBe(key(lines.sample(p, true)));
    expect(key(lines.sample(p))).not.toBe(
      key(lines.sample({ ...p, seq: 43, quality: 'Bad_Stale' })),
    );
  });
});

describe('line protocol of a sample', () => {
  it('carries the tag name and ts_origin as tags; value, seq and a status unless Good as fields', () => {
    expect(lines.sample(p)).toBe(
      'samples,tag=FT-001,ts_origin=source value=12.5,seq=42i,gateway_ts=1700000000130i 1700000000123000042',
    );
    expect(lines.sample({ ...p, quality: 'Uncertain_LastUsableValue' })).toMatch(
      / value=12\.5,status=\d+i,seq=42i,/,
    );
  });

  it('leaves out what follows from other fields: the gateway time when equal, backfill when false', () => {
    const modbus = { ...p, tsOrigin: 'gateway' as const, gatewayTs: p.ts };
    expect(lines.sample(modbus)).toBe(
      'samples,tag=FT-001,ts_origin=gateway value=12.5,seq=42i 1700000000123000042',
    );
    expect(lines.sample(modbus, true)).toMatch(/seq=42i,backfill=true 1700000000123000042$/);
  });

  it('leaves the value out when it is null (Bad quality)', () => {
    expect(lines.sample({ ...p, value: null, quality: 'Bad_CommunicationError' })).toMatch(
      / status=2147811328i,seq=42i,/,
    );
  });

  it('refuses points that would inject line protocol, or cannot be stored', () => {
    const fresh = new LineRenderer();
    expect(() => fresh.sample({ ...p, name: 'FT-001,ts_origin=x value=1 0\nFT-002' })).toThrow(
      HistorianInputError,
    );
    expect(() => fresh.sample({ ...p, value: Number.NaN })).toThrow(HistorianInputError);
    expect(() => fresh.sample({ ...p, seq: 0 })).toThrow(HistorianInputError);
    expect(() => lines.sample({ ...p, seq: 1.5 })).toThrow(HistorianInputError);
  });

  it('writes a rollup row with its interval start as time and null aggregates left out', () => {
    const row = {
      t: 1_700_000_000_000,
      n: 3,
      nv: 0,
      sum: null,
      min: null,
      max: null,
      last: null,
      worst: 0x80050000,
      bad: 3,
    };
    expect(lines.rollup('FT-001', 5000, row)).toBe(
      'samples_5s,tag=FT-001 n=3i,nv=0i,worst=2147811328i,bad=3i 1700000000000000000',
    );
  });
});

describe('rows read back', () => {
  it('give the same point, the time truncated to ms; quality and Bad from the status code', () => {
    const back = rowsToPoints('FT-001', {
      columns: ['time', 'value', 'status', 'quality', 'gateway_ts', 'seq', 'backfill', 'ts_origin'],
      values: [
        [p.ts, 12.5, 0, null, p.gatewayTs, 42, null, 'source'],
        [p.ts + 1, null, 0x8fff0000, null, null, 43, true, 'gateway'],
      ],
    });
    expect(back).toEqual([
      p,
      {
        ...p,
        ts: p.ts + 1,
        gatewayTs: p.ts + 1,
        value: null,
        quality: 'Bad_Stale',
        seq: 43,
        backfill: true,
        tsOrigin: 'gateway',
      },
    ]);
  });

  it('read the points written in the older format (every field written) the same way', () => {
    const back = rowsToPoints('FT-001', {
      columns: ['time', 'value', 'status', 'quality', 'gateway_ts', 'seq', 'backfill', 'ts_origin'],
      values: [[p.ts, 12.5, 0, 'Good', p.gatewayTs, 42, false, 'source']],
    });
    expect(back).toEqual([p]);
  });

  it('count Bad samples from the status code', () => {
    const parts = samplesToPartials(
      {
        columns: ['time', 'value', 'status'],
        values: [
          [1000, 1, 0],
          [2000, null, 0x80050000],
          [3000, 2, 0x40900000],
        ],
      },
      5000,
    );
    expect(parts.map((x) => x.bad)).toEqual([0, 1, 0]);
  });
});
