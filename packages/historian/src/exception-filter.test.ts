import { describe, it, expect } from 'vitest';
import type { Quality, TagValue } from '@zld/tags';
import { ExceptionFilter } from './exception-filter.js';

const at = (
  ts: number,
  value: TagValue['value'],
  quality: Quality = 'Good',
  name = 'FT-001',
): TagValue => ({
  name,
  value,
  quality,
  ts,
  gatewayTs: ts,
  tsOrigin: 'gateway',
});

const values = (vs: TagValue[]) => vs.map((v) => [v.ts, v.value]);

describe('ExceptionFilter', () => {
  const f = () => new ExceptionFilter([{ name: 'FT-001', deadband: 0.5, maxIntervalS: 10 }]);

  it('stores the first sample, then only changes beyond the deadband, with the held sample before', () => {
    const x = f();
    expect(values(x.offer(at(0, 10)))).toEqual([[0, 10]]);
    expect(x.offer(at(1000, 10.2))).toEqual([]);
    expect(x.offer(at(2000, 10.4))).toEqual([]);
    expect(x.offer(at(3000, 10.5))).toEqual([]); // |Δ| = 0.5, not more than the deadband
    expect(values(x.offer(at(4000, 11)))).toEqual([
      [3000, 10.5],
      [4000, 11],
    ]);
    // Right after an exception there is no held sample to add.
    expect(values(x.offer(at(5000, 12)))).toEqual([[5000, 12]]);
  });

  it('stores a quality change at once, even with the same value, and the held sample before it', () => {
    const x = f();
    x.offer(at(0, 10));
    x.offer(at(1000, 10.1));
    expect(values(x.offer(at(2000, 10.1, 'Uncertain_LastUsableValue')))).toEqual([
      [1000, 10.1],
      [2000, 10.1],
    ]);
    expect(x.offer(at(3000, null, 'Bad_CommunicationError')).map((v) => v.quality)).toEqual([
      'Bad_CommunicationError',
    ]);
    expect(x.offer(at(4000, null, 'Bad_CommunicationError'))).toEqual([]);
    expect(values(x.offer(at(5000, 10.1)))).toEqual([
      [4000, null],
      [5000, 10.1],
    ]);
  });

  it('stores a sample at least every maxIntervalS while samples come', () => {
    const x = f();
    x.offer(at(0, 10));
    const stored: number[] = [];
    for (let t = 1000; t <= 25_000; t += 1000) stored.push(...x.offer(at(t, 10)).map((v) => v.ts));
    expect(stored).toEqual([10_000, 20_000]);
  });

  it('writes the held sample when due, without waiting for a next one', () => {
    const x = f();
    x.offer(at(0, 10));
    x.offer(at(3000, 10.1));
    expect(x.due(9_999)).toEqual([]);
    expect(values(x.due(10_000))).toEqual([[3000, 10.1]]);
    expect(x.due(30_000)).toEqual([]);
  });

  it('treats booleans and unknown tags as "every change"', () => {
    const x = f();
    expect(x.offer(at(0, false, 'Good', 'XV-901'))).toHaveLength(1);
    expect(x.offer(at(1, false, 'Good', 'XV-901'))).toEqual([]);
    expect(values(x.offer(at(2, true, 'Good', 'XV-901')))).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(x.policyOf('XV-901')).toEqual({ name: 'XV-901', deadband: 0, maxIntervalS: 300 });
  });

  it('keeps tags apart', () => {
    const x = f();
    x.offer(at(0, 1, 'Good', 'A-001'));
    x.offer(at(0, 1, 'Good', 'B-001'));
    expect(x.offer(at(1, 2, 'Good', 'A-001'))).toHaveLength(1);
    expect(x.offer(at(1, 1, 'Good', 'B-001'))).toEqual([]);
  });
});
