import { describe, it, expect } from 'vitest';
import { HistorianInputError } from './historian.js';
import type { HistoryPoint } from './historian.js';
import { pointKeyNs, rowsToPoints, toInfluxPoint } from './influx-point.js';

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

describe('InfluxDB point keys', () => {
  it('are the original time in ns plus seq mod 1e6, computed without rounding', () => {
    expect(pointKeyNs(1_700_000_000_123, 42)).toBe('1700000000123000042');
    expect(pointKeyNs(1_700_000_000_123, 1_000_042)).toBe('1700000000123000042');
  });

  it('are the same for a replay and different for two samples in one millisecond', () => {
    expect(toInfluxPoint(p).timestamp).toBe(toInfluxPoint({ ...p, backfill: true }).timestamp);
    expect(toInfluxPoint(p).timestamp).not.toBe(
      toInfluxPoint({ ...p, seq: 43, quality: 'Bad_Stale' }).timestamp,
    );
  });

  it('carry the tag name and ts_origin as tags, everything else as fields', () => {
    expect(toInfluxPoint(p)).toEqual({
      measurement: 'samples',
      tags: { tag: 'FT-001', ts_origin: 'source' },
      fields: {
        value: 12.5,
        status: 0,
        quality: 'Good',
        bad: 0,
        gateway_ts: 1_700_000_000_130,
        seq: 42,
        backfill: false,
      },
      timestamp: '1700000000123000042',
    });
  });

  it('leave the value out when it is null (Bad quality)', () => {
    const bad = toInfluxPoint({ ...p, value: null, quality: 'Bad_CommunicationError' });
    expect(bad.fields).not.toHaveProperty('value');
    expect(bad.fields).toMatchObject({ bad: 1, status: 0x80050000 });
  });

  it('refuse points that would inject line protocol', () => {
    expect(() => toInfluxPoint({ ...p, name: 'FT-001,ts_origin=x value=1 0\nFT-002' })).toThrow(
      HistorianInputError,
    );
  });

  it('read back to the same point, the time truncated to ms', () => {
    const back = rowsToPoints('FT-001', {
      columns: ['time', 'value', 'status', 'quality', 'gateway_ts', 'seq', 'backfill', 'ts_origin'],
      values: [[p.ts, 12.5, 0, 'Good', p.gatewayTs, 42, false, 'source']],
    });
    expect(back).toEqual([p]);
  });
});
