import type { Quality } from '@zld/tags';
import { describe, expect, it } from 'vitest';
import type { HistoryPoint } from './historian.js';
import type { PartialBucket } from './partial-bucket.js';
import { RollupBook, type RollupRow } from './rollup-book.js';
import { samplePartial } from './rollup-fold.js';
import { combine } from './partial-bucket.js';

const WIDTHS = [5_000, 30_000, 300_000];
const T0 = Date.UTC(2030, 0, 1);

function point(
  name: string,
  ts: number,
  seq: number,
  value: number | null,
  quality: Quality = 'Good',
): HistoryPoint {
  return { name, ts, seq, value, quality, gatewayTs: ts, tsOrigin: 'gateway', backfill: false };
}

/** The aggregates of every (tag, width, interval), computed plainly from all the samples. */
function reference(points: readonly HistoryPoint[]): Map<string, PartialBucket> {
  const out = new Map<string, PartialBucket>();
  const sorted = [...points].sort((a, b) => a.ts - b.ts || a.seq - b.seq);
  for (const p of sorted)
    for (const w of WIDTHS) {
      const t = Math.floor(p.ts / w) * w;
      const key = `${p.name}/${w}/${t}`;
      const one = samplePartial(p, t);
      const cur = out.get(key);
      out.set(key, cur ? combine(cur, one) : one);
    }
  return out;
}

const rowKey = (r: RollupRow): string => `${r.tag}/${r.width}/${r.partial.t}`;

/** Seeded samples of two tags: 1-3 s apart, some null (Bad) and some Uncertain, over 20 minutes. */
function history(seed: number): HistoryPoint[] {
  let x = seed;
  const rnd = () => (x = (x * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const out: HistoryPoint[] = [];
  for (const name of ['FT-001', 'LT-002']) {
    let ts = T0 + Math.floor(rnd() * 5000);
    for (let seq = 1; ts < T0 + 20 * 60_000; seq++) {
      const r = rnd();
      out.push(
        r < 0.05
          ? point(name, ts, seq, null, 'Bad_CommunicationError')
          : point(
              name,
              ts,
              seq,
              Math.round(r * 1000) / 10,
              r < 0.1 ? 'Uncertain_LastUsableValue' : 'Good',
            ),
      );
      ts += 1000 + Math.floor(rnd() * 2000);
    }
  }
  return out;
}

describe('RollupBook', () => {
  it('writes every interval once when it closes and the open ones when taken: together exactly the aggregates', () => {
    const points = history(7);
    const book = new RollupBook(WIDTHS);
    for (const tag of ['FT-001', 'LT-002'])
      book.adopt(tag, { last: null, open: WIDTHS.map(() => null) });
    const written = new Map<string, PartialBucket>();
    // Batches of 40 mixed-tag samples, each tag's share in time order; open intervals taken now and then.
    for (let i = 0; i < points.length; i += 40) {
      const batch = points.slice(i, i + 40);
      for (const tag of ['FT-001', 'LT-002']) {
        const closed = book.fold(
          tag,
          batch.filter((p) => p.name === tag),
        );
        expect(closed).not.toBeNull();
        for (const r of closed!) written.set(rowKey(r), { ...r.partial });
      }
      if (i % 200 === 0) for (const r of book.takeDirty()) written.set(rowKey(r), r.partial);
    }
    for (const r of book.takeDirty()) written.set(rowKey(r), r.partial);
    // Sums may differ in the last bits (the order of summation); everything else exactly.
    const rounded = (m: Map<string, PartialBucket>) =>
      new Map(
        [...m].map(([k, p]) => [
          k,
          { ...p, sum: p.sum === null ? null : Number(p.sum.toPrecision(12)) },
        ]),
      );
    expect(rounded(written)).toEqual(rounded(reference(points)));
    expect(book.takeDirty()).toEqual([]);
  });

  it('refuses replays and late samples without changing anything', () => {
    const book = new RollupBook(WIDTHS);
    book.adopt('FT-001', { last: null, open: WIDTHS.map(() => null) });
    expect(
      book.fold('FT-001', [point('FT-001', T0, 1, 1), point('FT-001', T0 + 1000, 2, 2)]),
    ).toEqual([]);
    const before = book.openOf('FT-001', 5000);
    expect(book.fold('FT-001', [point('FT-001', T0 + 1000, 2, 2)])).toBeNull();
    expect(book.fold('FT-001', [point('FT-001', T0 + 500, 9, 2)])).toBeNull();
    expect(
      book.fold('FT-001', [point('FT-001', T0 + 2000, 3, 5), point('FT-001', T0 + 2000, 3, 5)]),
    ).toBeNull();
    expect(book.openOf('FT-001', 5000)).toEqual(before);
    expect(before).toMatchObject({ t: T0, n: 2, nv: 2, sum: 3, min: 1, max: 2, last: 2 });
    expect(book.fold('XX-999', [point('XX-999', T0, 1, 1)])).toBeNull();
  });

  it('takes samples out of order within a batch, two in one millisecond by sequence number', () => {
    const book = new RollupBook([5000]);
    book.adopt('FT-001', {
      last: [T0 - 1, 5],
      open: [{ t: T0 - 5000, n: 1, nv: 1, sum: 9, min: 9, max: 9, last: 9, worst: 0, bad: 0 }],
    });
    const closed = book.fold('FT-001', [
      point('FT-001', T0 + 10, 8, 3),
      point('FT-001', T0 + 10, 7, 4),
    ]);
    expect(closed).toEqual([
      {
        tag: 'FT-001',
        width: 5000,
        partial: { t: T0 - 5000, n: 1, nv: 1, sum: 9, min: 9, max: 9, last: 9, worst: 0, bad: 0 },
      },
    ]);
    expect(book.openOf('FT-001', 5000)).toMatchObject({ t: T0, n: 2, last: 3 });
  });

  it('hands out copies: what a caller holds does not move with later samples', () => {
    const book = new RollupBook([5000]);
    book.adopt('FT-001', { last: null, open: [null] });
    book.fold('FT-001', [point('FT-001', T0, 1, 1)]);
    const [taken] = book.takeDirty();
    const open = book.openOf('FT-001', 5000);
    book.fold('FT-001', [point('FT-001', T0 + 1, 2, 7)]);
    expect(taken!.partial.n).toBe(1);
    expect(open!.n).toBe(1);
    expect(book.openOf('FT-001', 5000)!.n).toBe(2);
    book.forget('FT-001');
    expect(book.hasDirty()).toBe(false);
    expect(book.openOf('FT-001', 5000)).toBeNull();
  });

  it("tells a tag's latest sample key", () => {
    const book = new RollupBook([5000]);
    expect(book.lastOf('FT-001')).toBeNull();
    book.adopt('FT-001', { last: null, open: [null] });
    expect(book.lastOf('FT-001')).toBeNull();
    book.fold('FT-001', [point('FT-001', T0 + 7, 1_000_003, 1), point('FT-001', T0 + 3, 2, 1)]);
    expect(book.lastOf('FT-001')).toEqual([T0 + 7, 3]);
  });

  it('marks open intervals dirty again when writing them failed, unless they closed since', () => {
    const book = new RollupBook([5000, 30_000]);
    book.adopt('FT-001', { last: null, open: [null, null] });
    book.fold('FT-001', [point('FT-001', T0, 1, 1)]);
    const taken = book.takeDirty();
    expect(taken).toHaveLength(2);
    expect(book.hasDirty()).toBe(false);
    book.redirty(taken);
    expect(book.takeDirty()).toEqual(taken);
    // The 5 s interval closed since it was taken: only the 30 s one is marked again.
    book.fold('FT-001', [point('FT-001', T0 + 5000, 2, 3)]);
    book.takeDirty();
    book.redirty(taken);
    expect(book.takeDirty().map((r) => [r.width, r.partial.t, r.partial.n])).toEqual([
      [30_000, T0, 2],
    ]);
  });
});

describe('RollupBook.release', () => {
  it('answers the open intervals not yet taken, then forgets the tag', () => {
    const book = new RollupBook([5000, 30_000]);
    book.adopt('FT-001', { last: null, open: [null, null] });
    book.fold('FT-001', [point('FT-001', T0, 1, 1)]);
    book.takeDirty();
    book.fold('FT-001', [point('FT-001', T0 + 6000, 2, 3)]);
    const released = book.release('FT-001');
    expect(released.map((r) => [r.width, r.partial.t, r.partial.n])).toEqual([
      [5000, T0 + 5000, 1],
      [30_000, T0, 2],
    ]);
    expect(book.has('FT-001')).toBe(false);
    expect(book.takeDirty()).toEqual([]);
  });
});

describe('RollupBook.snapshot', () => {
  it('puts tags back as they were: latest key, open intervals, delta, starts and dirty marks', () => {
    const all = history(11);
    const ft = all.filter((p) => p.name === 'FT-001');
    const lt = all.filter((p) => p.name === 'LT-002');
    const half = Math.floor(ft.length / 2);
    const next = ft[half]!;
    // Just before the next sample, in the same finest interval: a delta the doomed samples change in place.
    const early: HistoryPoint = { ...next, ts: next.ts - 1, seq: 0 };
    expect(Math.floor(early.ts / WIDTHS[0]!)).toBe(Math.floor(next.ts / WIDTHS[0]!));
    const fresh = () => {
      const book = new RollupBook(WIDTHS);
      book.adopt('FT-001', { last: null, open: WIDTHS.map(() => null) });
      return book;
    };
    const feed = (book: RollupBook, batch: readonly HistoryPoint[], out: RollupRow[]) => {
      for (const p of batch) expect(book.foldOne(p.name, p, out)).toBe(true);
    };
    const [a, b] = [fresh(), fresh()];
    const rowsA: RollupRow[] = [];
    const rowsB: RollupRow[] = [];
    for (const [book, rows] of [
      [a, rowsA],
      [b, rowsB],
    ] as const) {
      feed(book, ft.slice(0, half), rows);
      book.takeDirty();
      feed(book, [early], rows);
    }
    // LT-002 gets its state only after the snapshot: restored, it has none again.
    const snapshot = a.snapshot(['FT-001', 'LT-002']);
    a.adopt('LT-002', { last: null, open: WIDTHS.map(() => null) });
    const lost: RollupRow[] = [];
    feed(a, [...ft.slice(half, half + 60), ...lt.slice(0, 20)], lost);
    expect(lost.length).toBeGreaterThan(0);
    a.takeDirty();
    a.restore(snapshot);
    expect(a.has('LT-002')).toBe(false);
    expect(a.lastOf('FT-001')).toEqual([early.ts, 0]);
    for (const w of WIDTHS) expect(a.openOf('FT-001', w)).toEqual(b.openOf('FT-001', w));
    expect(a.takeDirty()).toEqual(b.takeDirty());
    // What follows folds as if the doomed samples never came (they come again, as a retried batch).
    feed(a, ft.slice(half), rowsA);
    feed(b, ft.slice(half), rowsB);
    expect(rowsA).toEqual(rowsB);
    expect(a.takeDirty()).toEqual(b.takeDirty());
    // The snapshot is not changed by what came after it.
    a.restore(snapshot);
    expect(a.lastOf('FT-001')).toEqual([early.ts, 0]);
    expect(a.openOf('FT-001', WIDTHS[0]!)).toMatchObject({ t: Math.floor(early.ts / 5000) * 5000 });
  });
});
