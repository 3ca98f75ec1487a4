// The gateway's water-balance service: feeds WaterBalance from the tag stream, computes on a tick, publishes FY-910.. and the result.
import type { Plant } from '@zld/plant';
import { isBad, type Clock, type Quality, type TagValue, type Value } from '@zld/tags';
import { WaterBalance, type BalanceOptions, type WaterBalanceResult } from '@zld/water-balance';
import { FlatlineGuard } from './flatline-guard.js';

type Batch = (changes: readonly TagValue[]) => void;

/** What the service needs of the runtime (the gateway's `Runtime` has all three). */
export interface BalanceSource {
  /** Batches of changed tag values (after the deadband). */
  subscribe(listener: Batch): () => void;
  /** The current value of every tag (to start from the values already known). */
  snapshot(): TagValue[];
  /** Publishes a computed tag (FY-9xx), stamped now. */
  setComputed(name: string, value: Value, quality: Quality): void;
}

export interface BalanceServiceOptions {
  plant: Plant;
  source: BalanceSource;
  /** The gateway clock: wall time, or plant time when following the PLCs. */
  clock: Clock;
  /**
   * Every scanned sample of the balance's inputs, before the deadband (`runtime.subscribeRaw`); the
   * balance then reads it instead of the published changes (see the balance README: levels lose their
   * deadband error, and a stuck transmitter shows as a flat line).
   */
  raw?: { subscribeRaw(names: readonly string[], listener: Batch): () => void };
  /** Real milliseconds between computations on the timer (default 500; 0: no timer, call `tick`). */
  computeEveryMs?: number;
  /**
   * A level reading Good and unchanged this long (gateway clock) counts as Uncertain: a stuck transmitter
   * on a PLC without quality bits (default 30 min, a GUESS; 0: off). See `FlatlineGuard`.
   */
  flatlineS?: number;
  balance?: Partial<BalanceOptions>;
  /** Called when a computation, a listener or the source throws; the service keeps running. */
  onError?: (err: unknown) => void;
}

export type BalanceListener = (result: WaterBalanceResult) => void;

/**
 * The balance starts with the first sample it is given (a value already known at start counts from the
 * start, not from its old timestamp), and computes nothing before: until then `current()` is null. Each
 * computation publishes the computed tags, so they are historized, trended and alarmed like any tag.
 * A term with Bad quality gives those tags Bad quality and a null value, and the alarm engine then holds
 * the balance alarms' state as questionable instead of clearing them.
 */
export class BalanceService {
  readonly balance: WaterBalance;
  private readonly o: BalanceServiceOptions;
  private readonly watched: ReadonlySet<string>;
  private readonly flatline: FlatlineGuard;
  private listeners: readonly BalanceListener[] = [];
  private latest: WaterBalanceResult | null = null;
  private fed = false;
  private unsubscribe: (() => void) | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private stopped = false;

  constructor(options: BalanceServiceOptions) {
    this.o = options;
    this.balance = new WaterBalance(options.plant, options.balance ?? {});
    this.watched = new Set(this.balance.inputTags);
    this.flatline = new FlatlineGuard(
      (options.plant.waterBalance?.inventories ?? []).map((i) => i.levelTag),
      (options.flatlineS ?? 1800) * 1000,
    );
  }

  /** The tags the balance reads. */
  get inputTags(): readonly string[] {
    return this.balance.inputTags;
  }

  /** Takes the values known now, subscribes and starts the timer; idempotent. */
  start(): void {
    if (this.unsubscribe !== null || this.stopped) return;
    const now = this.o.clock.now();
    const known = this.o.source
      .snapshot()
      .filter((v) => this.watched.has(v.name) && v.quality !== 'Bad_WaitingForInitialData')
      .map((v) => ({ ...v, ts: Math.max(v.ts, now) }));
    this.feed(known);
    const feed = (changes: readonly TagValue[]) => this.feed(changes);
    this.unsubscribe =
      this.o.raw !== undefined
        ? this.o.raw.subscribeRaw(this.inputTags, feed)
        : this.o.source.subscribe(feed);
    const every = this.o.computeEveryMs ?? 500;
    if (every > 0)
      this.timer = setInterval(() => {
        try {
          this.tick();
        } catch (err) {
          this.o.onError?.(err);
        }
      }, every);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Computes the balance now (gateway clock), publishes the computed tags and tells the listeners. */
  tick(): WaterBalanceResult | null {
    if (!this.fed || this.stopped) return null;
    const now = this.o.clock.now();
    // Not `feed`: these samples are the guard's own verdict, not a reading that moved.
    const flatNow = this.flatline.check(now);
    if (flatNow.length > 0) this.balance.ingest(flatNow);
    const computed = this.balance.compute(now);
    const flat = this.flatline.flagged();
    const result: WaterBalanceResult =
      flat.length === 0
        ? computed
        : {
            ...computed,
            issues: [
              ...computed.issues,
              ...flat.map((t) => `${t} reading flat: transmitter stuck?`),
            ],
          };
    this.latest = result;
    for (const t of this.balance.computedTags(result)) {
      try {
        this.o.source.setComputed(t.name, t.value, computedQuality(t.value, t.quality));
      } catch (err) {
        this.o.onError?.(err);
      }
    }
    for (const l of this.listeners) {
      try {
        l(result);
      } catch (err) {
        this.o.onError?.(err);
      }
    }
    return result;
  }

  /** The latest result (GET /api/water-balance), or null before the first computation. */
  current(): WaterBalanceResult | null {
    return this.latest;
  }

  onResult(listener: BalanceListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Clears the CUSUM once the cause of its alarm is fixed. */
  resetCusum(): void {
    this.balance.resetCusum();
  }

  private feed(changes: readonly TagValue[]): void {
    let any = false;
    for (const v of changes) {
      if (this.watched.has(v.name)) {
        any = true;
        break;
      }
    }
    if (!any) return;
    this.flatline.observe(changes, this.o.clock.now());
    this.balance.ingest(changes);
    this.fed = true;
  }
}

/**
 * The tag engine reads a null value with a Good or Uncertain quality as a failed sensor. A computed tag
 * without a value (a window still filling, nothing evaporated) has no data yet: it goes out as
 * Bad_WaitingForInitialData, which the alarm engine holds on, like any Bad input.
 */
function computedQuality(value: Value, quality: Quality): Quality {
  return value === null && !isBad(quality) ? 'Bad_WaitingForInitialData' : quality;
}
