// Pure: each tag's open rollup intervals folded in memory. An interval is written once when it closes; the
// open ones are written when due (lazily), and queries take them from here (the store may hold an older copy).
import { STATUS_CODES } from '@zld/tags';
import type { HistoryPoint } from './historian.js';
import { combine, type PartialBucket } from './partial-bucket.js';
import { storableValue } from './identifiers.js';
import type { OpenIntervals, SampleKey } from './rollup-fold.js';
import { compareKeys, keyOf } from './rollup-fold.js';

/** Status codes from here up are Bad (the top two bits 10). */
const BAD_STATUS = 0x80000000;

/** One rollup row to store: the aggregates of a tag's interval of one width. */
export interface RollupRow {
  tag: string;
  width: number;
  partial: PartialBucket;
}

/**
 * A tag's open intervals as `open[i]` + `delta`: the samples since the last change of the finest interval
 * are folded into `delta` only (one fold per sample, whatever the number of widths), and carried into
 * every width's `open[i]` when the finest interval changes. The interval of width i holding `last` is
 * `combine(open[i], delta)`, starting at `starts[i]`.
 */
export interface TagState {
  /** The latest sample's key (time, then `seq mod 1e6`); -Infinity and -1 before any. */
  lastTs: number;
  lastSeq: number;
  /** Per width, the open interval without `delta`, or null (owned here: replaced, never changed in place). */
  open: (PartialBucket | null)[];
  /** Per width, the start of the interval holding `last` (NaN before any sample). */
  starts: number[];
  /** The samples not yet carried into `open` (all in the finest open interval), or null (changed in place). */
  delta: PartialBucket | null;
  /** Per width, whether the open interval changed since it was last taken for writing. */
  dirty: boolean[];
}

/** Some tags' states as they were (null: the tag had none), for `RollupBook.restore`. */
export type BookSnapshot = ReadonlyMap<string, Readonly<TagState> | null>;

const copy = (p: PartialBucket): PartialBucket => ({ ...p });

/** A copy that later folds do not change (the `open` buckets are shared: they are never changed in place). */
const copyState = (s: Readonly<TagState>): TagState => ({
  lastTs: s.lastTs,
  lastSeq: s.lastSeq,
  open: s.open.slice(),
  starts: s.starts.slice(),
  delta: s.delta === null ? null : copy(s.delta),
  dirty: s.dirty.slice(),
});

/** `a` then `b` (b later), at `t`; a copy. */
function joined(a: PartialBucket | null, b: PartialBucket | null, t: number): PartialBucket | null {
  if (a === null) return b === null ? null : { ...b, t };
  if (b === null) return { ...a, t };
  return { ...combine(a, b), t };
}

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
      lastTs: state.last === null ? -Infinity : state.last[0],
      lastSeq: state.last === null ? -1 : state.last[1],
      open: state.open.map((p) => (p === null ? null : copy(p))),
      starts: this.widths.map((w, i) => {
        const p = state.open[i];
        if (p) return p.t;
        return state.last === null ? Number.NaN : Math.floor(state.last[0] / w) * w;
      }),
      delta: null,
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
    if (s !== undefined)
      for (let i = 0; i < this.widths.length; i++) {
        const p = s.dirty[i] ? this.whole(s, i) : null;
        if (p !== null) out.push({ tag, width: this.widths[i]!, partial: p });
      }
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
    let lastTs = s.lastTs;
    let lastSeq = s.lastSeq;
    for (const p of sorted) {
      const seq = p.seq % 1_000_000;
      if (p.ts < lastTs || (p.ts === lastTs && seq <= lastSeq)) return null;
      lastTs = p.ts;
      lastSeq = seq;
    }
    const closed: RollupRow[] = [];
    for (const p of sorted) this.add(tag, s, p, closed);
    s.dirty.fill(true);
    s.lastTs = lastTs;
    s.lastSeq = lastSeq;
    this.dirtyTags.add(tag);
    return closed;
  }

  /**
   * Folds one sample (the recorder's order: per tag, newest last), appending the intervals that closed
   * to `closed`. Answers false, changing nothing, when the tag has no state or the sample is not newer
   * than its latest.
   */
  foldOne(tag: string, p: HistoryPoint, closed: RollupRow[]): boolean {
    const s = this.states.get(tag);
    if (s === undefined) return false;
    const seq = p.seq % 1_000_000;
    if (p.ts < s.lastTs || (p.ts === s.lastTs && seq <= s.lastSeq)) return false;
    this.add(tag, s, p, closed);
    s.lastTs = p.ts;
    s.lastSeq = seq;
    s.dirty.fill(true);
    this.dirtyTags.add(tag);
    return true;
  }

  /** Adds one sample known to be newer than the tag's latest. */
  private add(tag: string, s: TagState, p: HistoryPoint, closed: RollupRow[]): void {
    const finest = this.widths[0];
    if (finest === undefined) return;
    const x = p.value;
    const v = typeof x === 'number' ? x : x === null ? null : storableValue(x);
    const worst = STATUS_CODES[p.quality];
    const bad = worst >= BAD_STATUS ? 1 : 0;
    const t0 = Math.floor(p.ts / finest) * finest;
    const d = s.delta;
    if (d !== null && s.starts[0] === t0) {
      d.n++;
      if (worst > d.worst) d.worst = worst;
      d.bad += bad;
      if (v !== null) {
        d.nv++;
        d.sum = (d.sum ?? 0) + v;
        d.min = d.min === null || v < d.min ? v : d.min;
        d.max = d.max === null || v > d.max ? v : d.max;
        d.last = v;
      }
      return;
    }
    if (s.starts[0] !== t0) this.advance(tag, s, p.ts, closed);
    s.delta = { t: t0, n: 1, nv: v === null ? 0 : 1, sum: v, min: v, max: v, last: v, worst, bad };
  }

  /**
   * The finest interval moves to the one holding `ts`: `delta` is carried into every width, and each
   * width whose interval does not hold `ts` closes (handed out in `closed`) and starts empty.
   */
  private advance(tag: string, s: TagState, ts: number, closed: RollupRow[]): void {
    for (let i = 0; i < this.widths.length; i++) {
      const width = this.widths[i]!;
      const t = Math.floor(ts / width) * width;
      const whole = joined(s.open[i] ?? null, s.delta, s.starts[i]!);
      if (s.starts[i] === t) {
        s.open[i] = whole;
        for (let j = i + 1; j < this.widths.length; j++)
          s.open[j] = joined(s.open[j] ?? null, s.delta, s.starts[j]!);
        break;
      }
      if (whole !== null) closed.push({ tag, width, partial: whole });
      s.open[i] = null;
      s.starts[i] = t;
    }
    s.delta = null;
  }

  /** The interval of width i holding the tag's latest sample (a copy), or null. */
  private whole(s: TagState, i: number): PartialBucket | null {
    return joined(s.open[i] ?? null, s.delta, s.starts[i]!);
  }

  /** The tag's latest sample key (null: nothing stored, or no state held). */
  lastOf(tag: string): SampleKey | null {
    const s = this.states.get(tag);
    return s === undefined || s.lastTs === -Infinity ? null : [s.lastTs, s.lastSeq];
  }

  /**
   * Marks open intervals taken by `takeDirty` as waiting again (writing them failed); a row whose
   * interval is no longer the open one is passed over (its interval closed and was handed out since),
   * and so is a tag without state.
   */
  redirty(rows: readonly RollupRow[]): void {
    for (const r of rows) {
      const s = this.states.get(r.tag);
      const i = this.widths.indexOf(r.width);
      if (s === undefined || i < 0 || s.starts[i] !== r.partial.t) continue;
      s.dirty[i] = true;
      this.dirtyTags.add(r.tag);
    }
  }

  /**
   * These tags' states as they are now, whole (latest key, open intervals, delta, starts, dirty marks)
   * or their absence, for `restore` (e.g. before a batch whose transaction may roll back).
   */
  snapshot(tags: Iterable<string>): BookSnapshot {
    const out = new Map<string, TagState | null>();
    for (const tag of tags) {
      const s = this.states.get(tag);
      out.set(tag, s === undefined ? null : copyState(s));
    }
    return out;
  }

  /** Puts the snapshot's tags back as they were when it was taken (other tags are left as they are). */
  restore(snapshot: BookSnapshot): void {
    for (const [tag, s] of snapshot) {
      if (s === null) {
        this.forget(tag);
        continue;
      }
      this.states.set(tag, copyState(s));
      if (s.dirty.includes(true)) this.dirtyTags.add(tag);
      else this.dirtyTags.delete(tag);
    }
  }

  /** The open intervals changed since they were last taken (copies), and marks them clean. */
  takeDirty(): RollupRow[] {
    const out: RollupRow[] = [];
    for (const tag of this.dirtyTags) {
      const s = this.states.get(tag);
      if (s === undefined) continue;
      for (let i = 0; i < this.widths.length; i++) {
        const p = s.dirty[i] ? this.whole(s, i) : null;
        if (p !== null) out.push({ tag, width: this.widths[i]!, partial: p });
        s.dirty[i] = false;
      }
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
    const s = this.states.get(tag);
    return i < 0 || s === undefined ? null : this.whole(s, i);
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
