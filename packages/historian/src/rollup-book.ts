// Pure: each tag's open rollup intervals folded in memory. An interval is written once when it closes; the
// open ones are written when due (lazily), and queries take them from here (the store may hold an older copy).
import { STATUS_CODES, severityOf } from '@zld/tags';
import type { HistoryPoint } from './historian.js';
import type { PartialBucket } from './partial-bucket.js';
import { storableValue } from './identifiers.js';
import type { OpenIntervals, SampleKey } from './rollup-fold.js';
import { compareKeys, keyOf } from './rollup-fold.js';

/** One rollup row to store: the aggregates of a tag's interval of one width. */
export interface RollupRow {
  tag: string;
  width: number;
  partial: PartialBucket;
}

interface TagState {
  last: SampleKey | null;
  /** Per width, the interval holding `last` (owned here: updated in place). */
  open: (PartialBucket | null)[];
  /** Per width, whether the open interval changed since it was last taken for writing. */
  dirty: boolean[];
}

const copy = (p: PartialBucket): PartialBucket => ({ ...p });

/**
 * Exact as long as it is the one writer of these tags' rollups and sees every stored sample of a tag it
 * holds state for. Samples that are not all newer than the tag's latest (a replay, a late sample) are
 * refused: the caller recomputes their intervals from the stored samples and `forget`s the tag.
 */
export class RollupBook {
  private readonly states = new Map<string, TagState>();
  private readonly dirtyTags = new Set<string>();

  constructor(readonly widths: readonly number[]) {}

  has(tag: string): boolean {
    return this.states.has(tag);
  }

  /** Takes a tag's state as the store holds it (nothing to write). */
  adopt(tag: string, state: OpenIntervals): void {
    this.states.set(tag, {
      last: state.last,
      open: state.open.map((p) => (p === null ? null : copy(p))),
      dirty: this.widths.map(() => false),
    });
    this.dirtyTags.delete(tag);
  }

  /** Drops a tag's state (its open intervals must then be recomputed or read from the store). */
  forget(tag: string): void {
    this.states.delete(tag);
    this.dirtyTags.delete(tag);
  }

  /**
   * Drops a tag's state, answering its open intervals not yet taken: write them before anything is
   * recomputed from the store, or the stored rows of those intervals stay behind.
   */
  release(tag: string): RollupRow[] {
    const s = this.states.get(tag);
    const out: RollupRow[] = [];
    s?.open.forEach((p, i) => {
      if (p !== null && s.dirty[i]) out.push({ tag, width: this.widths[i]!, partial: copy(p) });
    });
    this.forget(tag);
    return out;
  }

  /** The tags whose state is held. */
  tags(): IterableIterator<string> {
    return this.states.keys();
  }

  /**
   * Folds one tag's samples. Answers null when the tag has no state, or the samples are not all
   * distinct and newer than its latest (nothing is changed then); otherwise the intervals that closed,
   * final, to be written now.
   */
  fold(tag: string, points: readonly HistoryPoint[]): RollupRow[] | null {
    const s = this.states.get(tag);
    if (s === undefined || points.length === 0) return points.length === 0 ? [] : null;
    const sorted = inKeyOrder(points);
    let lastTs = s.last === null ? -Infinity : s.last[0];
    let lastSeq = s.last === null ? -1 : s.last[1];
    for (const p of sorted) {
      const seq = p.seq % 1_000_000;
      if (p.ts < lastTs || (p.ts === lastTs && seq <= lastSeq)) return null;
      lastTs = p.ts;
      lastSeq = seq;
    }
    const closed: RollupRow[] = [];
    for (const p of sorted) {
      const v = storableValue(p.value);
      const worst = STATUS_CODES[p.quality];
      const bad = severityOf(p.quality) === 'Bad' ? 1 : 0;
      for (let i = 0; i < this.widths.length; i++) {
        const width = this.widths[i]!;
        const t = Math.floor(p.ts / width) * width;
        const cur = s.open[i] ?? null;
        if (cur !== null && cur.t === t) {
          cur.n++;
          cur.worst = Math.max(cur.worst, worst);
          cur.bad += bad;
          if (v !== null) {
            cur.nv++;
            cur.sum = (cur.sum ?? 0) + v;
            cur.min = cur.min === null ? v : Math.min(cur.min, v);
            cur.max = cur.max === null ? v : Math.max(cur.max, v);
            cur.last = v;
          }
        } else {
          if (cur !== null) closed.push({ tag, width, partial: cur });
          s.open[i] = {
            t,
            n: 1,
            nv: v === null ? 0 : 1,
            sum: v,
            min: v,
            max: v,
            last: v,
            worst,
            bad,
          };
        }
        s.dirty[i] = true;
      }
    }
    s.last = [lastTs, lastSeq];
    this.dirtyTags.add(tag);
    return closed;
  }

  /** The open intervals changed since they were last taken (copies), and marks them clean. */
  takeDirty(): RollupRow[] {
    const out: RollupRow[] = [];
    for (const tag of this.dirtyTags) {
      const s = this.states.get(tag);
      if (s === undefined) continue;
      s.open.forEach((p, i) => {
        if (p !== null && s.dirty[i]) out.push({ tag, width: this.widths[i]!, partial: copy(p) });
        s.dirty[i] = false;
      });
    }
    this.dirtyTags.clear();
    return out;
  }

  /** Open intervals are waiting to be written. */
  hasDirty(): boolean {
    return this.dirtyTags.size > 0;
  }

  /** The tag's open interval of this width (a copy), or null; queries use it instead of a stored row. */
  openOf(tag: string, width: number): PartialBucket | null {
    const i = this.widths.indexOf(width);
    const p = i < 0 ? null : (this.states.get(tag)?.open[i] ?? null);
    return p === null ? null : copy(p);
  }
}

/** The samples in key order (time, then `seq mod 1e6`), copied only when they are not already. */
function inKeyOrder(points: readonly HistoryPoint[]): readonly HistoryPoint[] {
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (a.ts > b.ts || (a.ts === b.ts && a.seq % 1_000_000 > b.seq % 1_000_000))
      return [...points].sort((x, y) => compareKeys(keyOf(x), keyOf(y)));
  }
  return points;
}
