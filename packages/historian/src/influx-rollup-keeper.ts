// Keeps InfluxDB rollups exact on write: in-order samples are folded into each tag's open intervals held in
// memory (no read), anything else (replays, late samples, unknown state) is recomputed from the stored samples.
import type { IPoint } from 'influx';
import type { HistoryPoint } from './historian.js';
import { HistorianError } from './historian.js';
import type { InfluxTarget } from './influx-url.js';
import type { StatementResult } from './influx-point.js';
import { rowsToPartials, seriesOf, toRollupPoint } from './influx-point.js';
import { TAGS_PER_STATEMENT, refreshStatements, runRollupStatements } from './influx-rollups.js';
import { latestStatement } from './influxql.js';
import type { OpenIntervals } from './rollup-fold.js';
import { allNew, compareKeys, foldNew, keyOf } from './rollup-fold.js';
import { RAW } from './rollup-plan.js';

export type Request = (stmts: string[]) => Promise<StatementResult[]>;

/** The rollup side of one write, planned before it. */
export interface RollupPlan {
  /** Rollup points to write with the samples (same request). */
  points: IPoint[];
  /** Samples whose rollups must be recomputed from the store once they are written. */
  recompute: HistoryPoint[];
  /** Adopts the folded state: call once the write succeeded. */
  commit(): void;
}

/**
 * Only correct while it is the one writer of these tags in this retention policy (the gateway's
 * forwarder); the state is a cache of what the store says and is dropped whenever in doubt.
 */
export class InfluxRollupKeeper {
  private readonly states = new Map<string, OpenIntervals>();

  constructor(
    private readonly target: InfluxTarget,
    private readonly widths: readonly number[],
    private readonly request: Request,
  ) {}

  async plan(points: readonly HistoryPoint[]): Promise<RollupPlan> {
    const byTag = new Map<string, HistoryPoint[]>();
    for (const p of points) {
      const list = byTag.get(p.name);
      if (list) list.push(p);
      else byTag.set(p.name, [p]);
    }
    await this.load([...byTag.keys()].filter((tag) => !this.states.has(tag)));
    const folded = new Map<string, OpenIntervals>();
    const out: IPoint[] = [];
    const recompute: HistoryPoint[] = [];
    for (const [tag, tagPoints] of byTag) {
      const state = this.states.get(tag);
      const sorted = [...tagPoints].sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
      if (state === undefined || !allNew(state, sorted)) {
        recompute.push(...tagPoints);
        continue;
      }
      const { state: next, touched } = foldNew(state, this.widths, sorted);
      folded.set(tag, next);
      for (const { width, partial } of touched) out.push(toRollupPoint(tag, width, partial));
    }
    return {
      points: out,
      recompute,
      commit: () => {
        for (const [tag, state] of folded) this.states.set(tag, state);
      },
    };
  }

  /** Recomputes, from the stored samples, the rollup intervals these samples fall in. */
  async recompute(points: readonly HistoryPoint[]): Promise<void> {
    this.forget(points);
    await runRollupStatements(this.request, refreshStatements(this.target, this.widths, points));
  }

  /** Drops the state of these samples' tags (it is read again from the store when next needed). */
  forget(points: readonly { name: string }[]): void {
    for (const p of points) this.states.delete(p.name);
  }

  /**
   * Reads, for tags with no state, the latest stored sample and the rollup intervals holding it. A tag
   * whose rollups do not match (never expected) stays without state, so its samples are recomputed.
   */
  private async load(tags: readonly string[]): Promise<void> {
    for (let i = 0; i < tags.length; i += TAGS_PER_STATEMENT) {
      await this.loadSome(tags.slice(i, i + TAGS_PER_STATEMENT));
    }
  }

  private async loadSome(tags: readonly string[]): Promise<void> {
    if (tags.length === 0 || this.widths.length === 0) return;
    const results = await this.request(
      [RAW, ...this.widths].map((w) => latestStatement(this.target, w, tags)),
    );
    const failed = results.find((r) => r.error !== undefined);
    if (failed) throw new HistorianError(`InfluxDB: ${failed.error}`, false);
    const [samples = [], ...levels] = results.map((r) => r.series ?? []);
    for (const tag of tags) {
      const row = seriesOf(samples, tag)?.values[0];
      const [ts, seq] = [row?.[0], row?.[1]];
      if (typeof ts !== 'number' || typeof seq !== 'number') {
        this.states.set(tag, { last: null, open: this.widths.map(() => null) });
        continue;
      }
      const open = this.widths.map((width, i) => {
        const series = seriesOf(levels[i] ?? [], tag);
        const p = series ? rowsToPartials(series)[0] : undefined;
        return p?.t === Math.floor(ts / width) * width ? p : null;
      });
      if (open.every((p) => p !== null)) this.states.set(tag, { last: keyOf({ ts, seq }), open });
    }
  }
}
