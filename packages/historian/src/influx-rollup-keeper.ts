// Keeps InfluxDB rollups exact on write: in-order samples are folded into each tag's open intervals in memory
// (a RollupBook); intervals are written when they close and the open ones now and then; anything else is
// recomputed from the stored samples.
import type { HistoryPoint } from './historian.js';
import { HistorianError } from './historian.js';
import type { InfluxTarget } from './influx-url.js';
import type { StatementResult } from './influx-point.js';
import { rowsToPartials, seriesOf } from './influx-point.js';
import { TAGS_PER_STATEMENT, refreshStatements, runRollupStatements } from './influx-rollups.js';
import { latestStatement } from './influxql.js';
import type { PartialBucket } from './partial-bucket.js';
import { RollupBook, type RollupRow } from './rollup-book.js';
import { RAW } from './rollup-plan.js';

export type Request = (stmts: string[]) => Promise<StatementResult[]>;

/** The rollup side of one write, planned before it. */
export interface RollupPlan {
  /** Rollup rows to write with the samples (same request): intervals that closed, and open ones when due. */
  rows: RollupRow[];
  /** Samples whose rollups must be recomputed from the store once they are written. */
  recompute: HistoryPoint[];
  /** The open intervals among `rows` (taken as written: if the write fails, `failed` marks them again). */
  open: RollupRow[];
}

export interface KeeperOptions {
  /** How often the open intervals are written (they are exact in memory meanwhile). Default 30 s. */
  openEveryMs?: number;
  now?: () => number;
}

/**
 * Only correct while it is the one writer of these tags in this retention policy (the gateway's
 * forwarder). Folding happens when a write is planned, before InfluxDB answers; a write that fails
 * `forget`s its tags, whose samples then come back as replays and are recomputed, and the open
 * intervals of other tags it carried are marked to be written again.
 */
export class InfluxRollupKeeper {
  private readonly book: RollupBook;
  private readonly openEveryMs: number;
  private readonly now: () => number;
  private lastOpenWrite: number;

  constructor(
    private readonly target: InfluxTarget,
    readonly widths: readonly number[],
    private readonly request: Request,
    options: KeeperOptions = {},
  ) {
    this.book = new RollupBook(widths);
    this.openEveryMs = options.openEveryMs ?? 30_000;
    this.now = options.now ?? Date.now;
    this.lastOpenWrite = this.now();
  }

  async plan(points: readonly HistoryPoint[]): Promise<RollupPlan> {
    const unknown = new Set<string>();
    for (const p of points) if (!this.book.has(p.name)) unknown.add(p.name);
    if (unknown.size > 0) await this.load([...unknown]);
    const rows: RollupRow[] = [];
    const recompute: HistoryPoint[] = [];
    let refused: Set<string> | null = null;
    for (const p of points) {
      if (refused?.has(p.name) || !this.book.foldOne(p.name, p, rows)) {
        // Not newer than what is stored (or no state): recomputed once written. What memory holds of
        // its open intervals goes with this write, for the recompute reads it.
        if (!refused?.has(p.name)) for (const r of this.book.release(p.name)) rows.push(r);
        (refused ??= new Set()).add(p.name);
        recompute.push(p);
      }
    }
    const open = this.now() - this.lastOpenWrite >= this.openEveryMs ? this.takeOpen() : [];
    for (const r of open) rows.push(r);
    return { rows, recompute, open };
  }

  /**
   * A planned write failed: its samples' tags are dropped (rebuilt from the store when next needed),
   * and the open intervals it carried of other tags are written with a later write again.
   */
  failed(points: readonly { name: string }[], open: readonly RollupRow[]): void {
    this.forget(points);
    this.book.redirty(open);
  }

  /** Every open interval changed since it was last written (at close, and when due). */
  takeOpen(): RollupRow[] {
    this.lastOpenWrite = this.now();
    return this.book.takeDirty();
  }

  /** The tag's open interval of a width as memory holds it (the stored row may be older), or null. */
  openOf(tag: string, width: number): PartialBucket | null {
    return this.book.openOf(tag, width);
  }

  /** Recomputes, from the stored samples, the rollup intervals these samples fall in. */
  async recompute(points: readonly HistoryPoint[]): Promise<void> {
    this.forget(points);
    await runRollupStatements(this.request, refreshStatements(this.target, this.widths, points));
  }

  /** Drops the state of these samples' tags (it is rebuilt from the store when next needed). */
  forget(points: readonly { name: string }[]): void {
    for (const p of points) this.book.forget(p.name);
  }

  /**
   * For tags with no state: their latest stored sample, the rollup intervals holding it recomputed from
   * the samples (the stored rows of open intervals may be behind), then read back as the open intervals.
   */
  private async load(tags: readonly string[]): Promise<void> {
    for (let i = 0; i < tags.length; i += TAGS_PER_STATEMENT * 10) {
      await this.loadSome(tags.slice(i, i + TAGS_PER_STATEMENT * 10));
    }
  }

  private async loadSome(tags: readonly string[]): Promise<void> {
    if (tags.length === 0) return;
    if (this.widths.length === 0) {
      for (const tag of tags) this.book.adopt(tag, { last: null, open: [] });
      return;
    }
    const latest = new Map<string, { ts: number; seq: number }>();
    for (let i = 0; i < tags.length; i += TAGS_PER_STATEMENT) {
      const some = tags.slice(i, i + TAGS_PER_STATEMENT);
      const [r] = await this.request([latestStatement(this.target, RAW, some)]);
      if (r?.error !== undefined) throw new HistorianError(`InfluxDB: ${r.error}`, false);
      for (const tag of some) {
        const row = seriesOf(r?.series ?? [], tag)?.values[0];
        const [ts, seq] = [row?.[0], row?.[1]];
        if (typeof ts === 'number' && typeof seq === 'number') latest.set(tag, { ts, seq });
        else this.book.adopt(tag, { last: null, open: this.widths.map(() => null) });
      }
    }
    if (latest.size === 0) return;
    const stored = [...latest].map(([name, l]) => ({ name, ts: l.ts }));
    await runRollupStatements(this.request, refreshStatements(this.target, this.widths, stored));
    const names = [...latest.keys()];
    for (let i = 0; i < names.length; i += TAGS_PER_STATEMENT) {
      const some = names.slice(i, i + TAGS_PER_STATEMENT);
      const results = await this.request(
        this.widths.map((w) => latestStatement(this.target, w, some)),
      );
      const failed = results.find((r) => r.error !== undefined);
      if (failed) throw new HistorianError(`InfluxDB: ${failed.error}`, false);
      for (const tag of some) {
        const { ts, seq } = latest.get(tag)!;
        const open = this.widths.map((width, j) => {
          const series = seriesOf(results[j]?.series ?? [], tag);
          const p = series ? rowsToPartials(series)[0] : undefined;
          return p?.t === Math.floor(ts / width) * width ? p : null;
        });
        // After the recompute every width has the interval of the latest sample; if not, leave the tag
        // without state: its samples are recomputed until a load succeeds.
        if (open.every((p) => p !== null))
          this.book.adopt(tag, { last: [ts, seq % 1_000_000], open });
      }
    }
  }
}
