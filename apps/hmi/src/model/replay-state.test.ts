import { describe, expect, it } from 'vitest';
import type { Series } from './history-series.js';
import { journalEntry } from './journal.fixture.js';
import { alarmsAt, sortJournal, valueAt, within } from './replay-state.js';

const s = (t: number, v: number | null, q = 'Good') => ({
  t,
  min: v,
  mean: v,
  max: v,
  last: v,
  quality: q as never,
});
const level: Series = {
  name: 'LIC-402',
  kind: 'buckets',
  bucketMs: 10_000,
  samples: [s(0, 40), s(10_000, 42), s(20_000, null, 'Bad_CommunicationError'), s(30_000, 45)],
};

describe('valueAt', () => {
  it('takes the last value of the latest bucket at or before the cursor', () => {
    expect(valueAt(level, 15_000, 60_000)).toEqual({ value: 42, quality: 'Good', ts: 10_000 });
    expect(valueAt(level, 30_000, 60_000)).toEqual({ value: 45, quality: 'Good', ts: 30_000 });
  });

  it('shows Bad where history was Bad, and unknown before the first sample or after a long gap', () => {
    expect(valueAt(level, 25_000, 60_000)).toEqual({
      value: null,
      quality: 'Bad_CommunicationError',
      ts: 20_000,
    });
    expect(valueAt(level, -1, 60_000)).toBeNull();
    expect(valueAt(level, 1_000_000, 60_000)!.quality).toBe('Bad_NoCommunication');
    expect(valueAt(undefined, 0, 1)).toBeNull();
  });
});

const j = journalEntry;

const journal = sortJournal([
  j(3, 3_000, 'LIC-402.HH', 'ack', 'Unack-Active', 'Ack-Active', { user: 'op1' }),
  j(1, 1_000, 'LIC-402.HH', 'activate', 'Normal', 'Unack-Active'),
  j(2, 2_000, 'FT-901.H', 'activate', 'Normal', 'Unack-Active'),
  j(4, 4_000, 'FT-901.H', 'clear', 'Unack-Active', 'RTN-Unack'),
  j(5, 5_000, 'LIC-402.HH', 'clear', 'Ack-Active', 'Normal'),
  j(6, 6_000, 'FT-901.H', 'shelve', 'RTN-Unack', 'Shelved'),
]);

describe('alarmsAt', () => {
  it('rebuilds the alarm list as it was at each moment', () => {
    expect(alarmsAt(journal, 500)).toEqual([]);
    const at2 = alarmsAt(journal, 2_500, (id) =>
      id === 'LIC-402.HH' ? 'TK-402 level HH' : undefined,
    );
    expect(at2.map((a) => [a.id, a.state, a.active, a.acked])).toEqual([
      ['LIC-402.HH', 'Unack-Active', true, false],
      ['FT-901.H', 'Unack-Active', true, false],
    ]);
    expect(at2[0]!.message).toBe('TK-402 level HH');
    expect(at2[0]!.activeSince).toBe(new Date(1_000).toISOString());
    const at4 = alarmsAt(journal, 4_000);
    expect(at4.map((a) => [a.id, a.state, a.active, a.acked])).toEqual([
      ['LIC-402.HH', 'Ack-Active', true, true],
      ['FT-901.H', 'RTN-Unack', false, false],
    ]);
    expect(at4[0]!.ackedBy).toBe('op1');
    const at6 = alarmsAt(journal, 6_000);
    expect(at6.map((a) => [a.id, a.state, a.annunciated])).toEqual([
      ['FT-901.H', 'Shelved', false],
    ]);
  });

  it('prefers the flags a journal entry carries', () => {
    const e = j(1, 0, 'X-001.H', 'shelve', 'Unack-Active', 'Shelved', {
      flags: { ...journalEntry(1, 0, 'X-001.H', 'activate', 'Normal', 'Unack-Active').flags },
    });
    expect(alarmsAt([e], 1)[0]).toMatchObject({ active: true, acked: false, state: 'Shelved' });
  });

  it('orders a journal by time then sequence, and filters a window', () => {
    expect(journal.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(within(journal, 2_000, 4_000).map((e) => e.seq)).toEqual([2, 3, 4]);
  });
});
