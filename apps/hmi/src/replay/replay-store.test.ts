import type { AlarmJournalEntryDto } from '@zld/api';
import { describe, expect, it } from 'vitest';
import { tagDto } from '../live/tag.fixture.js';
import { definitionOf } from '../live/tag-merge.js';
import type { Series } from '../model/history-series.js';
import { journalEntry } from '../model/journal.fixture.js';
import { ReplayStore, type ReplayData } from './replay-store.js';

const s = (t: number, v: number | null, q = 'Good') => ({
  t,
  min: v,
  mean: v,
  max: v,
  last: v,
  quality: q as never,
});
const defs = new Map(
  [
    tagDto('LIC-402'),
    tagDto('P-405.RUN', { dataType: 'bool', states: { '0': 'STOPPED', '1': 'RUNNING' } }),
    tagDto('FY-914', { unit: '%', range: [-100, 100], limits: { LL: -5, L: -2, H: 2, HH: 5 } }),
    tagDto('FY-916', { unit: '%', range: [0, 120], limits: { LL: 90, L: 95 } }),
    tagDto('FT-901', { unit: 'L/h' }),
  ].map((t) => [t.name, definitionOf(t)]),
);
const series = (name: string, samples: Series['samples']): [string, Series] => [
  name,
  { name, kind: 'raw', bucketMs: null, samples },
];
const journal: AlarmJournalEntryDto[] = [
  journalEntry(1, 1_500, 'ZLD-DISCHARGE', 'activate', 'Normal', 'Unack-Active', {
    tag: 'FT-901',
    priority: 'critical',
  }),
];
const data: ReplayData = {
  from: 0,
  to: 10_000,
  series: new Map([
    series('LIC-402', [s(0, 40), s(2_000, 41)]),
    series('P-405.RUN', [s(0, 1), s(3_000, 0)]),
    series('FY-914', [s(0, 1.2), s(2_000, 3.5)]),
    series('FY-916', [s(0, 96)]),
    series('FT-901', [s(0, 0), s(1_000, 0.8)]),
  ]),
  journal,
  audit: [],
};

describe('ReplayStore', () => {
  it('shows every tag as it was at the cursor, booleans as booleans', () => {
    const store = new ReplayStore(defs, data);
    expect(store.mode).toBe('replay');
    expect(store.tag('LIC-402')).toMatchObject({ value: 40, quality: 'Good', unit: '%' });
    expect(store.tag('P-405.RUN')!.value).toBe(true);
    store.setCursor(3_500);
    expect(store.time()).toBe(3_500);
    expect(store.tag('LIC-402')!.value).toBe(41);
    expect(store.tag('P-405.RUN')!.value).toBe(false);
  });

  it('keeps the identity of unchanged tags and notifies on cursor moves', () => {
    const store = new ReplayStore(defs, data);
    let n = 0;
    store.subscribe(() => n++);
    const lic = store.tag('LIC-402');
    store.setCursor(500);
    expect(store.tag('LIC-402')).toBe(lic);
    store.setCursor(500);
    expect(n).toBe(1);
  });

  it('rebuilds alarms from the journal and the balance from its computed tags and limits', () => {
    const store = new ReplayStore(defs, data, () => 'LIQUID DISCHARGE DETECTED');
    expect(store.alarms()).toEqual([]);
    expect(store.balance()!.discharge.state).toBe('none');
    store.setCursor(2_500);
    expect(store.alarms().map((a) => [a.id, a.message, a.state])).toEqual([
      ['ZLD-DISCHARGE', 'LIQUID DISCHARGE DETECTED', 'Unack-Active'],
    ]);
    const b = store.balance()!;
    expect(b.discharge.state).toBe('flowing');
    const w1h = b.windows.find((w) => w.id === '1h')!;
    expect(w1h.closurePct).toBe(3.5);
    expect(w1h.tolerancePct).toEqual({ H: 2, HH: 5 });
    expect(w1h.limitState).toBe('H');
    expect(b.condensateRecovery).toMatchObject({
      pct: 96,
      lowPct: 95,
      lowLowPct: 90,
      limitState: 'normal',
    });
    expect(store.history('LIC-402')!.samples).toHaveLength(2);
  });
});
