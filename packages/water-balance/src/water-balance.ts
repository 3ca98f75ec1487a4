// The ZLD water balance: tag samples in, per-window balance, CUSUM, condensate recovery and discharge state out. Pure.
import type { Plant } from '@zld/plant';
import { isGood, type TagValue } from '@zld/tags';
import { residualParts } from './balance-math.js';
import { BinRing } from './bin-ring.js';
import { Channel } from './channel.js';
import { computedTagValues } from './computed-tags.js';
import { condensateRecovery } from './condensate-recovery.js';
import { Cusum } from './cusum.js';
import { dischargeState } from './discharge.js';
import {
  balanceDef,
  compileLayout,
  DEFAULT_OPTIONS,
  type BalanceOptions,
  type Layout,
} from './layout.js';
import { isQuestionable, worst } from './quality-rank.js';
import type { ComputedTagValue, CusumResult, WaterBalanceResult } from './result.js';
import {
  buildWindow,
  channelQuality,
  type ChannelStatus,
  type WindowInput,
} from './window-result.js';
import { sumWindow, type WindowSums } from './window-sums.js';

/**
 * Feed it tag samples (`ingest`) and ask for the balance at a time (`compute`); it owns no timer.
 * Time is cut into bins (10 s by default). A bin is closed once `now` (or the newest sample) has
 * passed its end by `latenessS`; each window is then summed over closed bins, so the balance runs
 * up to about binS + latenessS + endpointS/2 behind `now`. Feed samples roughly in time order:
 * a sample older than its tag's last one only updates the value.
 */
export class WaterBalance {
  readonly plant: Plant;
  readonly options: Readonly<BalanceOptions>;
  /** Every tag the balance reads (terms, tanks, normalisers, condensate, discharge paths). */
  readonly inputTags: readonly string[];
  /** The computed tags it publishes (FY-910 ...). */
  readonly computedTagNames: readonly string[];
  private readonly layout: Layout;
  private readonly ring: BinRing;
  private readonly channels: Channel[];
  private readonly watched: ReadonlySet<string>;
  private readonly latest = new Map<string, TagValue>();
  private readonly cusum: Cusum;
  private readonly binMs: number;
  private readonly endpointBins: number;
  private readonly windowBins: number[];
  private startMs = Number.NaN;
  private firstFullBin = 0;
  private closedBin = Number.NaN;
  /** The newest time seen, from samples or `now`: bins close behind it, samples far beyond it are clamped. */
  private newestMs = Number.NEGATIVE_INFINITY;
  private cache: { k1: number; sums: WindowSums[] } | undefined;

  constructor(plant: Plant, options: Partial<BalanceOptions> = {}) {
    this.plant = plant;
    this.options = { ...DEFAULT_OPTIONS, ...options };
    const o = this.options;
    if (!(o.binS > 0) || !(o.endpointS >= o.binS) || !(o.latenessS >= 0))
      throw new Error('water balance: binS > 0, endpointS >= binS and latenessS >= 0 are required');
    this.layout = compileLayout(plant, this.options);
    this.binMs = o.binS * 1000;
    this.endpointBins = Math.max(1, Math.round(o.endpointS / o.binS));
    this.windowBins = this.layout.windows.map(
      (w) => Math.round(w.seconds / o.binS) + this.endpointBins,
    );
    const size = Math.max(...this.windowBins) + Math.ceil(o.latenessS / o.binS) + 4;
    this.ring = new BinRing(this.binMs, size, this.layout.channels.length);
    this.channels = this.layout.channels.map((tags, i) => new Channel(i, tags));
    const def = balanceDef(plant);
    this.cusum = new Cusum(def.cusum.slackKgH, def.cusum.thresholdKg);
    const watched = new Set(this.layout.channelsByTag.keys());
    for (const p of def.dischargePaths) {
      if (p.meter !== undefined) watched.add(p.meter);
      for (const o2 of [...p.openedBy, ...p.openWhen]) watched.add(o2.tag);
    }
    this.watched = watched;
    this.inputTags = [...watched];
    this.computedTagNames = Object.values(def.computedTags).filter((n): n is string => !!n);
  }

  /** Takes a batch of samples (from the tag engine); each counts from its own timestamp `ts`. */
  ingest(values: readonly TagValue[]): void {
    for (const tv of values) {
      if (!this.watched.has(tv.name)) continue;
      this.latest.set(tv.name, tv);
      const chans = this.layout.channelsByTag.get(tv.name);
      if (!chans) continue;
      const ts = this.clampTs(tv.ts);
      if (Number.isNaN(this.startMs)) this.start(ts);
      if (ts > this.newestMs) {
        this.newestMs = ts;
        this.closeThrough(this.lastClosable());
      }
      for (const c of chans) this.channels[c]!.sample(this.ring, tv, ts);
    }
  }

  /** The balance as of `now` (epoch ms): closes every bin `now` has passed, then reports. */
  compute(now: number): WaterBalanceResult {
    if (Number.isNaN(this.startMs)) this.start(now);
    this.newestMs = Math.max(this.newestMs, now);
    this.closeThrough(this.lastClosable());
    const k1 = this.closedBin;
    const status: ChannelStatus[] = this.channels.map((c) => ({
      quality: c.quality,
      hasValue: c.value !== undefined,
    }));
    const inputs = this.windowInputs(k1);
    const windows = inputs.map((w) => buildWindow(this.layout, w, status, this.options));
    const longest = inputs.reduce((a, w) => (w.spec.seconds > a.spec.seconds ? w : a));
    const discharge = dischargeState(this.plant, this.layout, this.channels, this.latest);
    const quality = worst(this.channels.map((_, c) => channelQuality(c, longest.sums, status)));
    return {
      ts: new Date(now).toISOString(),
      quality,
      questionable: isQuestionable(quality),
      issues: [
        ...this.issues(longest, status),
        ...windows.filter((w) => !w.filled).map((w) => `${w.id} filling ${Math.floor(w.fillPct)}%`),
      ],
      windows,
      condensateRecovery: condensateRecovery(
        this.plant,
        this.layout,
        inputs[this.layout.tagWindow]!,
        status,
        this.options,
      ),
      cusum: this.cusumResult(),
      discharge,
    };
  }

  /** `ingest(values)` then `compute(now)`. */
  update(values: readonly TagValue[], now: number): WaterBalanceResult {
    this.ingest(values);
    return this.compute(now);
  }

  /** The computed tags of a result, for the tag engine (`setComputed(name, value, quality, now)`). */
  computedTags(result: WaterBalanceResult): ComputedTagValue[] {
    const hour = result.windows[this.layout.tagWindow]!;
    const day = result.windows[this.layout.dayWindow]!;
    return computedTagValues(balanceDef(this.plant).computedTags, result, hour, day);
  }

  /** Clears the CUSUM (after the cause of a CUSUM alarm is fixed). */
  resetCusum(): void {
    this.cusum.reset();
  }

  private start(t: number): void {
    this.startMs = t;
    this.firstFullBin = Math.ceil(t / this.binMs);
    this.closedBin = this.ring.binOf(t) - 1;
    for (const c of this.channels) c.start(t);
  }

  private clampTs(ts: number): number {
    const limit = this.newestMs + this.options.maxFutureS * 1000;
    return Number.isFinite(limit) && ts > limit ? limit : ts;
  }

  private lastClosable(): number {
    return Math.floor((this.newestMs - this.options.latenessS * 1000) / this.binMs) - 1;
  }

  /** Closes bins up to k: every channel holds its value to the bin's end; the CUSUM takes a step. */
  private closeThrough(k: number): void {
    if (!(k > this.closedBin)) return;
    let from = this.closedBin + 1;
    if (k - from + 1 > this.ring.size) {
      // A jump longer than the ring: what lies before its last `size` bins has left every window.
      from = k - this.ring.size + 1;
      for (const c of this.channels) c.skipTo(from * this.binMs);
      this.cusum.freeze();
    }
    for (let b = from; b <= k; b++) {
      const end = (b + 1) * this.binMs;
      for (const c of this.channels) c.advanceTo(this.ring, end);
      this.closedBin = b;
      this.stepCusum(b);
    }
    this.cache = undefined;
  }

  /** One CUSUM step on bin b's residual (centre of b-1 to centre of b); frozen when an input was Bad. */
  private stepCusum(b: number): void {
    if (b - 1 < this.firstFullBin) return;
    const sums = sumWindow(this.ring, b - 1, b, 1);
    const parts = residualParts(this.layout, sums);
    if (!parts.complete || this.layout.residualChannels.some((c) => sums.bad[c]! > 0)) {
      this.cusum.freeze();
      return;
    }
    this.cusum.step(parts.residualKg, sums.spanS / 3600);
  }

  private windowInputs(k1: number): WindowInput[] {
    if (this.cache?.k1 !== k1) {
      const sums = this.layout.windows.map((_, i) => {
        const n = this.windowBins[i]!;
        const k0 = Math.max(k1 - n + 1, this.firstFullBin);
        const have = k1 - k0 + 1;
        if (have < 2) return sumWindow(this.ring, k1 + 1, k1, 0);
        return sumWindow(this.ring, k0, k1, Math.min(this.endpointBins, Math.floor(have / 2)));
      });
      this.cache = { k1, sums };
    }
    const { sums } = this.cache;
    return this.layout.windows.map((spec, i) => {
      const n = this.windowBins[i]!;
      const have = Math.max(0, k1 - this.firstFullBin + 1);
      return {
        spec,
        sums: sums[i]!,
        filled: have >= n,
        fillPct: Math.min(100, (100 * have) / n),
      };
    });
  }

  private cusumResult(): CusumResult {
    const s = this.cusum.state;
    return {
      kg: this.cusum.signed,
      side: this.cusum.side,
      lossKg: s.loss,
      gainKg: s.gain,
      slackKgH: this.cusum.slackKgH,
      thresholdKg: this.cusum.thresholdKg,
      alarm: this.cusum.alarm,
      quality: s.frozen
        ? 'Uncertain_LastUsableValue'
        : s.steps === 0
          ? 'Uncertain_SubNormal'
          : 'Good',
    };
  }

  private issues(longest: WindowInput, status: readonly ChannelStatus[]): string[] {
    const out: string[] = [];
    for (const name of this.inputTags) {
      const tv = this.latest.get(name);
      if (!tv) out.push(`${name} no data`);
      else if (!isGood(tv.quality)) out.push(`${name} ${tv.quality}`);
    }
    this.channels.forEach((c, i) => {
      const bad = longest.sums.bad[i]!;
      if (bad > 0 && status[i]!.hasValue && isGood(status[i]!.quality))
        out.push(`${c.tags.join('*')} substituted for ${Math.round(bad)} s in ${longest.spec.id}`);
    });
    return out;
  }
}
