import { describe, expect, it } from 'vitest';
import type { HistoryPoint } from './historian.js';
import { HistorianError, HistorianInputError } from './historian.js';
import { BatchEncoder, columnsOf, fromWire, pointAt, toWire } from './sqlite-protocol.js';

const T0 = Date.UTC(2030, 0, 1);

const point = (over: Partial<HistoryPoint> = {}): HistoryPoint => ({
  name: 'FT-001',
  value: 1.5,
  quality: 'Good',
  ts: T0,
  gatewayTs: T0 + 3,
  tsOrigin: 'gateway',
  seq: 1,
  backfill: false,
  ...over,
});

describe('the worker protocol', () => {
  it('carries every field of every point through one buffer, names sent once', () => {
    const encoder = new BatchEncoder();
    const names: string[] = [];
    const first = [
      point(),
      point({ name: 'LT-002', value: null, quality: 'Bad_Stale', tsOrigin: 'source', seq: 7 }),
      point({ value: true, ts: T0 + 1, seq: 2, backfill: true }),
    ];
    const a = encoder.encode(first);
    expect(a.names).toEqual(['FT-001', 'LT-002']);
    names.push(...a.names);
    const got = Array.from({ length: a.count }, (_, i) =>
      pointAt(columnsOf(a.buffer, a.count), i, names),
    );
    expect(got).toEqual(first.map((p) => ({ ...p, value: p.value === true ? 1 : p.value })));
    const second = [point({ name: 'LT-002', seq: 8 }), point({ name: 'PT-003', value: 0 })];
    const b = encoder.encode(second);
    expect(b.names).toEqual(['PT-003']);
    names.push(...b.names);
    expect(pointAt(columnsOf(b.buffer, b.count), 0, names)).toEqual(second[0]);
    expect(pointAt(columnsOf(b.buffer, b.count), 1, names)).toEqual(second[1]);
  });

  it('refuses what can never be stored, and leaves the name table as it was', () => {
    const encoder = new BatchEncoder();
    for (const bad of [
      point({ name: "FT-001' OR 1=1" }),
      point({ value: Number.NaN }),
      point({ ts: -1 }),
      point({ gatewayTs: 1.5 }),
      point({ quality: 'Fine' as HistoryPoint['quality'] }),
      point({ tsOrigin: 'plc' as HistoryPoint['tsOrigin'] }),
      point({ seq: 0 }),
    ]) {
      expect(() => encoder.encode([point({ name: 'XV-009' }), bad])).toThrow(HistorianInputError);
    }
    expect(encoder.encode([point({ name: 'XV-009' })]).names).toEqual(['XV-009']);
  });

  it('passes failures across with their kind', () => {
    const transient = fromWire(toWire(new HistorianError('busy', true)));
    expect(transient).toBeInstanceOf(HistorianError);
    expect(transient.transient).toBe(true);
    expect(fromWire(toWire(new HistorianInputError('bad name')))).toBeInstanceOf(
      HistorianInputError,
    );
    expect(fromWire(toWire(new Error('boom')))).toMatchObject({
      message: 'boom',
      transient: false,
    });
  });
});
