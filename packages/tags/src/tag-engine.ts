// The current-value store: every tag's latest TagValue, quality rules, deadband, staleness, coalesced fan-out (pure).
import type { Plant, TagDef } from '@zld/plant';
import type { Clock } from './clock.js';
import { STATUS_CODES, type Quality } from './quality.js';
import type { TagValue, Value } from './tag-value.js';

export interface TagEngineOptions {
  /** A tag turns Bad_Stale after this many scan periods without a fresh update (default 3). */
  staleFactor?: number;
  /** The period computed tags are expected at; without it computed tags are never marked stale. */
  computedPeriodMs?: number;
  /** `ts` and `gatewayTs` of the initial Bad_WaitingForInitialData values (default 0). */
  startTs?: number;
}

export interface TagEngineCounters {
  /** Samples received through update() and setComputed(). */
  updates: number;
  /** New TagValues made current (value beyond the deadband, or a quality change), stale transitions included. */
  published: number;
  /** Samples that changed nothing visible (within the deadband, same quality). */
  suppressed: number;
  /** TagValues handed to listeners by flush(), after coalescing. */
  delivered: number;
  /** flush() calls that delivered at least one TagValue. */
  flushes: number;
  /** Transitions to Bad_Stale. */
  staleTransitions: number;
}

export type TagListener = (changes: readonly TagValue[]) => void;

/** Where a driver pushes samples: by index (the tag's position in `plant.tags`, the fast path) or name. */
export type TagSink = (
  tag: number | string,
  value: Value,
  quality: Quality,
  sourceTs: number | undefined,
) => void;

/** Driver reports of a lost link; the engine turns them into the pair of requirement 3.3 (below). */
const COMM_LOSS: ReadonlySet<Quality> = new Set<Quality>([
  'Bad_CommunicationError',
  'Bad_NoCommunication',
  'Bad_Timeout',
]);
/** Uncertain codes that repeat an old value: they do not count as a fresh update. */
const NOT_FRESH: ReadonlySet<Quality> = new Set<Quality>([
  'Uncertain_LastUsableValue',
  'Uncertain_NoCommunicationLastUsableValue',
]);

const isBadCode = (q: Quality): boolean => STATUS_CODES[q] >>> 30 >= 2;

/**
 * Built from a Plant; tag index i is the tag's position in `plant.tags`. Every tag starts
 * Bad_WaitingForInitialData with a null value. Time is always passed in; the engine holds no timer.
 *
 * Rules applied to every sample:
 * - Bad => value null; the last Good/Uncertain value is kept and published as `lastUsable`.
 * - A comm-loss report (Bad_CommunicationError, Bad_NoCommunication, Bad_Timeout) becomes
 *   Bad_CommunicationError when a last usable value exists, else Bad_NoCommunication.
 * - Good/Uncertain with no usable value (null, NaN, +-Infinity) becomes Bad_SensorFailure.
 * - A value change within the tag's deadband (absolute EU, |delta| <= deadband) is not published;
 *   a quality change always is. Booleans publish on any change.
 * - A sample with a Good or Uncertain quality refreshes the tag, except the Uncertain codes that
 *   repeat an old value (Uncertain_LastUsableValue, ..._NoCommunicationLastUsableValue), which only
 *   arm the timer of a tag that had no value yet and never revive a stale tag. `checkStale(now)` marks
 *   a non-Bad tag Bad_Stale when its last refresh is older than staleFactor x its scan period.
 */
export class TagEngine {
  readonly size: number;
  private readonly defs: readonly TagDef[];
  private readonly indexByName: ReadonlyMap<string, number>;
  private readonly names: readonly string[];
  private readonly current: TagValue[];
  private readonly lastUsable: (number | boolean | null)[];
  private readonly deadband: Float64Array;
  private readonly staleAfterMs: Float64Array;
  private readonly lastFresh: Float64Array;
  private readonly isBool: Uint8Array;
  private readonly isComputed: Uint8Array;
  private readonly dirty: Uint8Array;
  private readonly pending: Int32Array;
  private pendingCount = 0;
  private listeners: readonly TagListener[] = [];
  /** Per tag: how many raw subscriptions want its samples (0: none, the hot path's only cost). */
  private readonly rawWanted: Uint8Array;
  private rawSubscriptions: readonly { wants: Uint8Array; listener: TagListener }[] = [];
  private rawPending: TagValue[] = [];
  private readonly counts: TagEngineCounters = {
    updates: 0,
    published: 0,
    suppressed: 0,
    delivered: 0,
    flushes: 0,
    staleTransitions: 0,
  };

  constructor(plant: Plant, options: TagEngineOptions = {}) {
    const k = options.staleFactor ?? 3;
    const t0 = options.startTs ?? 0;
    if (!(k > 0)) throw new RangeError('staleFactor must be greater than 0');
    const defs = plant.tags;
    const n = defs.length;
    this.size = n;
    this.defs = defs;
    this.names = defs.map((t) => t.name);
    this.indexByName = new Map(this.names.map((name, i) => [name, i] as const));
    this.current = this.names.map((name) => ({
      name,
      value: null,
      quality: 'Bad_WaitingForInitialData',
      ts: t0,
      gatewayTs: t0,
      tsOrigin: 'gateway',
    }));
    this.lastUsable = new Array<number | boolean | null>(n).fill(null);
    this.deadband = Float64Array.from(defs, (t) => t.deadband);
    this.staleAfterMs = Float64Array.from(defs, (t) => {
      const period = t.computed ? options.computedPeriodMs : scanPeriodMs(plant, t);
      return period === undefined ? 0 : k * period;
    });
    this.lastFresh = new Float64Array(n).fill(-Infinity);
    this.isBool = Uint8Array.from(defs, (t) => (t.dataType === 'bool' ? 1 : 0));
    this.isComputed = Uint8Array.from(defs, (t) => (t.computed ? 1 : 0));
    this.dirty = new Uint8Array(n);
    this.pending = new Int32Array(n);
    this.rawWanted = new Uint8Array(n);
  }

  /** The index of a tag (its position in `plant.tags`), or -1. */
  indexOf(name: string): number {
    return this.indexByName.get(name) ?? -1;
  }

  /** The definition of the tag at `index`. */
  tagAt(index: number): TagDef {
    return this.defs[this.checkIndex(index)]!;
  }

  /** A sample from a driver, value in engineering units. `sourceTs` undefined: stamped with `now`. */
  update(
    tag: number | string,
    value: Value,
    quality: Quality,
    sourceTs: number | undefined,
    now: number,
  ): void {
    const i = this.resolve(tag);
    if (this.isComputed[i] === 1)
      throw new Error(`${this.names[i]} is computed: use setComputed()`);
    this.apply(i, value, quality, sourceTs, now);
  }

  /** A value of a computed tag (`computed: true`), stamped with `now`. */
  setComputed(tag: string | number, value: Value, quality: Quality, now: number): void {
    const i = this.resolve(tag);
    if (this.isComputed[i] !== 1) throw new Error(`${this.names[i]} is not a computed tag`);
    this.apply(i, value, quality, undefined, now);
  }

  /**
   * The source confirms the tag's current value without sending it again (an OPC UA subscription
   * only reports changes): refreshes a non-Bad tag so it does not turn stale.
   */
  touch(tag: number | string, now: number): void {
    const i = this.resolve(tag);
    if (!isBadCode(this.current[i]!.quality) && now > this.lastFresh[i]!) this.lastFresh[i] = now;
  }

  /** A sink for drivers that stamps samples with `clock`. Made once, not per sample. */
  sink(clock: Clock): TagSink {
    return (tag, value, quality, sourceTs) =>
      this.update(tag, value, quality, sourceTs, clock.now());
  }

  /** Marks Bad_Stale every non-Bad tag not refreshed for staleFactor x its period; answers how many. */
  checkStale(now: number): number {
    let turned = 0;
    for (let i = 0; i < this.size; i++) {
      const after = this.staleAfterMs[i]!;
      if (after === 0 || now - this.lastFresh[i]! <= after) continue;
      if (isBadCode(this.current[i]!.quality)) continue;
      this.publish(i, null, 'Bad_Stale', now, now, 'gateway');
      this.counts.staleTransitions++;
      turned++;
    }
    return turned;
  }

  /** Listeners receive one array per flush, with the latest value of each tag that changed. */
  subscribe(listener: TagListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /**
   * Every sample of the named tags, before the deadband (value and quality as the engine makes them:
   * comm-loss mapping, Bad_SensorFailure), delivered by `flush()` ahead of the changes. For consumers
   * that integrate a signal (the water balance): the deadband would cost them accuracy. Unknown names
   * throw. Answers the unsubscribe function.
   */
  subscribeRaw(names: readonly string[], listener: TagListener): () => void {
    const wants = new Uint8Array(this.size);
    for (const name of names) wants[this.resolve(name)] = 1;
    const sub = { wants, listener };
    this.rawSubscriptions = [...this.rawSubscriptions, sub];
    for (let i = 0; i < this.size; i++) this.rawWanted[i]! += wants[i]!;
    return () => {
      if (!this.rawSubscriptions.includes(sub)) return;
      this.rawSubscriptions = this.rawSubscriptions.filter((x) => x !== sub);
      for (let i = 0; i < this.size; i++) this.rawWanted[i]! -= wants[i]!;
    };
  }

  /**
   * Delivers the changes since the last flush to every listener (one shared, read-only array, in order
   * of first change); answers how many TagValues. A throwing listener does not stop the others: the
   * errors are rethrown together afterwards.
   */
  flush(): number {
    let errors = this.flushRaw();
    const n = this.pendingCount;
    if (n === 0) {
      if (errors) throw new AggregateError(errors, `${errors.length} tag listener(s) failed`);
      return 0;
    }
    const changes = new Array<TagValue>(n);
    for (let k = 0; k < n; k++) {
      const i = this.pending[k]!;
      changes[k] = this.current[i]!;
      this.dirty[i] = 0;
    }
    this.pendingCount = 0;
    this.counts.delivered += n;
    this.counts.flushes++;
    Object.freeze(changes);
    for (const listener of this.listeners) {
      try {
        listener(changes);
      } catch (err) {
        (errors ??= []).push(err);
      }
    }
    if (errors) throw new AggregateError(errors, `${errors.length} tag listener(s) failed`);
    return n;
  }

  /** Delivers the raw samples; answers the listeners' errors (flush throws them after the changes). */
  private flushRaw(): unknown[] | undefined {
    if (this.rawPending.length === 0) return undefined;
    const samples = this.rawPending;
    this.rawPending = [];
    let errors: unknown[] | undefined;
    for (const { wants, listener } of this.rawSubscriptions) {
      const mine = Object.freeze(samples.filter((v) => wants[this.indexByName.get(v.name)!] === 1));
      if (mine.length === 0) continue;
      try {
        listener(mine);
      } catch (err) {
        (errors ??= []).push(err);
      }
    }
    return errors;
  }

  /** The current value of every tag, in plant order. */
  snapshot(): TagValue[] {
    return this.current.slice();
  }

  /** The current value of one tag, or undefined for an unknown name. */
  get(tag: string | number): TagValue | undefined {
    const i = typeof tag === 'number' ? tag : this.indexOf(tag);
    return this.current[i];
  }

  /** Totals since start (rates are the caller's job). */
  counters(): TagEngineCounters {
    return { ...this.counts };
  }

  private resolve(tag: number | string): number {
    if (typeof tag === 'number') return this.checkIndex(tag);
    const i = this.indexByName.get(tag);
    if (i === undefined) throw new Error(`unknown tag ${tag}`);
    return i;
  }

  private checkIndex(i: number): number {
    if (!(i >= 0 && i < this.size && Number.isInteger(i)))
      throw new RangeError(`tag index ${i} is outside 0..${this.size - 1}`);
    return i;
  }

  private apply(
    i: number,
    value: Value,
    quality: Quality,
    sourceTs: number | undefined,
    now: number,
  ): void {
    this.counts.updates++;
    let q = quality;
    let v: Value = null;
    if (isBadCode(q)) {
      if (COMM_LOSS.has(q))
        q = this.lastUsable[i] !== null ? 'Bad_CommunicationError' : 'Bad_NoCommunication';
    } else {
      v = this.isBool[i] === 1 ? toBool(value) : toNumber(value);
      if (v === null) q = 'Bad_SensorFailure';
      else if (NOT_FRESH.has(q) && this.current[i]!.quality === 'Bad_Stale') {
        q = 'Bad_Stale'; // a repeat of an old value does not revive a stale tag
        v = null;
      } else {
        this.lastUsable[i] = v;
        // A repeat of an old value does not refresh, except that a tag's first value arms the timer.
        if (!NOT_FRESH.has(q) || this.lastFresh[i] === -Infinity) {
          if (now > this.lastFresh[i]!) this.lastFresh[i] = now;
        }
      }
    }
    if (this.rawWanted[i]! > 0) {
      const ts = sourceTs ?? now;
      const origin = sourceTs === undefined ? 'gateway' : 'source';
      this.rawPending.push({
        name: this.names[i]!,
        value: v,
        quality: q,
        ts,
        gatewayTs: now,
        tsOrigin: origin,
      });
    }
    const cur = this.current[i]!;
    if (q === cur.quality) {
      const old = cur.value;
      if (
        v === old ||
        (typeof v === 'number' && typeof old === 'number' && Math.abs(v - old) <= this.deadband[i]!)
      ) {
        this.counts.suppressed++;
        return;
      }
    }
    this.publish(i, v, q, sourceTs ?? now, now, sourceTs === undefined ? 'gateway' : 'source');
  }

  private publish(
    i: number,
    value: Value,
    quality: Quality,
    ts: number,
    gatewayTs: number,
    tsOrigin: 'source' | 'gateway',
  ): void {
    const last = value === null ? this.lastUsable[i]! : null;
    this.current[i] =
      last === null
        ? { name: this.names[i]!, value, quality, ts, gatewayTs, tsOrigin }
        : { name: this.names[i]!, value, quality, ts, gatewayTs, tsOrigin, lastUsable: last };
    this.counts.published++;
    if (this.dirty[i] === 0) {
      this.dirty[i] = 1;
      this.pending[this.pendingCount++] = i;
    }
  }
}

function scanPeriodMs(plant: Plant, tag: TagDef): number | undefined {
  if (tag.plc === undefined || tag.scanClass === undefined) return undefined;
  return plant.plcById.get(tag.plc)?.scanClasses[tag.scanClass]?.periodMs;
}

function toNumber(v: Value): number | null {
  const n = typeof v === 'boolean' ? (v ? 1 : 0) : v;
  return n !== null && Number.isFinite(n) ? n : null;
}

function toBool(v: Value): boolean | null {
  return typeof v === 'number' ? (Number.isNaN(v) ? null : v !== 0) : v;
}
