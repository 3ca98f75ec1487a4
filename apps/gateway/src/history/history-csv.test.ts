import type { HistorySeries } from '@zld/historian';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvChunks, csvField } from './history-csv.js';
import { pilotPlant, pointsOf } from './history-app.fixture.js';

const T = Date.parse('2025-03-01T00:00:00Z');
const bool = pilotPlant().tag('XV-901.CMD');
const raw: HistorySeries = {
  name: 'XV-901.CMD',
  mode: 'raw',
  points: pointsOf('XV-901.CMD', T, 1000, [1, null, 0], (i) =>
    i === 1 ? 'Bad_NoCommunication' : 'Good',
  ),
};
const buckets: HistorySeries = {
  name: 'FT-001',
  mode: 'buckets',
  bucketMs: 60_000,
  buckets: [
    { t: T, min: 1, mean: 1.5, max: 2, last: 2, quality: 'Good', count: 60, bad: 0 },
    {
      t: T + 60_000,
      min: null,
      mean: null,
      max: null,
      last: null,
      quality: 'Bad_Stale',
      count: 3,
      bad: 3,
    },
  ],
};

describe('history as CSV', () => {
  it('writes a header, then raw rows (value) and bucket rows (min, mean, max, last), CRLF', () => {
    const text = [...csvChunks([raw, buckets], (n) => (n === bool.name ? bool : undefined))].join(
      '',
    );
    expect(text.split('\r\n')).toEqual([
      CSV_COLUMNS.join(','),
      'XV-901.CMD,2025-03-01T00:00:00.000Z,true,,,,,Good,1,0',
      'XV-901.CMD,2025-03-01T00:00:01.000Z,,,,,,Bad_NoCommunication,1,1',
      'XV-901.CMD,2025-03-01T00:00:02.000Z,false,,,,,Good,1,0',
      'FT-001,2025-03-01T00:00:00.000Z,,1,1.5,2,2,Good,60,0',
      'FT-001,2025-03-01T00:01:00.000Z,,,,,,Bad_Stale,3,3',
      '',
    ]);
  });

  it('comes in chunks of whole rows, the header in the first', () => {
    const chunks = [...csvChunks([raw, buckets], () => undefined, 2)];
    expect(chunks).toHaveLength(3);
    expect(chunks[0]!.startsWith('tag,time,')).toBe(true);
    for (const c of chunks) expect(c.endsWith('\r\n')).toBe(true);
    expect([...csvChunks([], () => undefined)]).toEqual([CSV_COLUMNS.join(',') + '\r\n']);
  });

  it('quotes a field only when it must', () => {
    expect(csvField('FT-001')).toBe('FT-001');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(-0.5)).toBe('-0.5');
  });
});
