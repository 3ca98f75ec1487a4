// The gateway runtime: drivers feed the tag engine, which is flushed to subscribers; staleness on a tick.
import type { Driver, DriverCounters, DriverStatus, SampleSink, TagKey } from '@zld/protocols';
import type { Plant, TagDef } from '@zld/plant';
import type { Quality, TagEngine, TagEngineCounters, TagValue, Value } from '@zld/tags';
import { createTagSink, type TagSinkStats } from './tag-sink.js';
import type { Timebase } from './timebase.js';

export type TagBatchListener = (changes: readonly TagValue[]) => void;

export interface RuntimeLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What a driver is wired to: the runtime's sample sink, and the key of each tag (its engine index). */
export interface DriverWiring {
  sink: SampleSink;
  /** A subscribing driver confirms an unchanged value (so it does not turn stale). */
  touch: (tag: TagKey) => void;
  keyOf: (tag: TagDef) => number;
}

/** The parts a runtime is assembled from; tests pass real ones on free ports (see `assembleRuntime`). */
export interface RuntimeParts {
  plant: Plant;
  engine: TagEngine;
  timebase: Timebase;
  /** Makes the drivers, wired to the runtime's sink (e.g. one per PLC from a driver registry). */
  drivers: (wiring: DriverWiring) => readonly Driver[];
  /** How often staleness is checked and rates measured (default 250 ms). */
  tickIntervalMs?: number;
  logger?: RuntimeLogger;
}

export interface RuntimeHealth {
  /** The gateway clock (plant time with `--clock plc`), epoch ms. */
  time: number;
  uptimeMs: number;
  plcs: DriverStatus[];
}

export interface RuntimeStats {
  engine: TagEngineCounters;
  /** Samples received per second, measured over the last second. */
  updatesPerSecond: number;
  /** Values published (changed beyond deadband or quality) per second. */
  publishedPerSecond: number;
  sink: TagSinkStats;
  drivers: { status: DriverStatus; counters: DriverCounters }[];
  listenerErrors: number;
}

/** The facade the web layer talks to. */
export interface Runtime {
  readonly plant: Plant;
  readonly timebase: Timebase;
  start(): Promise<void>;
  /** Stops polling and the loop; idempotent. */
  stop(): Promise<void>;
  /** The current value of a tag, or undefined for an unknown name. */
  value(name: string): TagValue | undefined;
  /** The current value of every tag, in plant order. */
  snapshot(): TagValue[];
  /** Batches of changed values, coalesced per flush; answers the unsubscribe function. */
  subscribe(listener: TagBatchListener): () => void;
  /**
   * Every scanned sample of the named tags, before the deadband, in batches per flush ahead of the
   * changes (the water balance integrates them: a deadband would cost it accuracy). Unknown names throw.
   */
  subscribeRaw(names: readonly string[], listener: TagBatchListener): () => void;
  /** A computed tag's value (the water balance's FY-9xx), stamped now. */
  setComputed(name: string, value: Value, quality: Quality): void;
  /** The driver of a PLC (the command path writes and reads back through it), or undefined. */
  driver(plcId: string): Driver | undefined;
  health(): RuntimeHealth;
  stats(): RuntimeStats;
}

const silent: RuntimeLogger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * Changes reach subscribers promptly and in batches: the first sample after a flush schedules one
 * flush (setImmediate), so every sample of one driver read (one Modbus block, one OPC UA publish) is
 * delivered in one coalesced batch, without waiting for a timer. A tick (250 ms) checks staleness on
 * the wall clock and measures rates.
 */
export function createRuntime(parts: RuntimeParts): Runtime {
  const { plant, engine, timebase } = parts;
  const tickMs = parts.tickIntervalMs ?? 250;
  const log = parts.logger ?? silent;
  const wall = timebase.wall;
  const startedAt = wall.now();

  let flushScheduled = false;
  const flushNow = (): void => {
    flushScheduled = false;
    try {
      engine.flush();
    } catch (err) {
      log.error(`tag flush failed: ${(err as Error).message}`);
    }
  };
  const requestFlush = (): void => {
    if (flushScheduled) return;
    flushScheduled = true;
    setImmediate(flushNow);
  };
  const { sink, stats: sinkStats } = createTagSink(plant, engine, timebase, {
    onSample: requestFlush,
    onError: (m) => log.error(m),
  });
  const touch = (tag: TagKey): void => {
    try {
      engine.touch(tag, wall.now());
    } catch (err) {
      log.error(`tag touch: ${(err as Error).message}`);
    }
  };
  const drivers = parts.drivers({ sink, touch, keyOf: (t) => engine.indexOf(t.name) });
  const driverByPlc = new Map(drivers.map((d) => [d.plcId, d] as const));

  let listeners: readonly TagBatchListener[] = [];
  let listenerErrors = 0;
  let timer: ReturnType<typeof setInterval> | null = null;
  let stopping: Promise<void> | null = null;
  let rateAt = startedAt;
  let rateBase = engine.counters();
  let updatesPerSecond = 0;
  let publishedPerSecond = 0;

  // Values the engine stamps itself (staleness, initial values, computed tags) carry wall time.
  const toClock = (v: TagValue): TagValue =>
    timebase.mode === 'wall' || v.tsOrigin === 'source'
      ? v
      : { ...v, ts: timebase.toClock(v.gatewayTs) };
  const restamp = (changes: readonly TagValue[]): readonly TagValue[] => {
    if (timebase.mode === 'wall') return changes;
    let copy: TagValue[] | null = null;
    for (let i = 0; i < changes.length; i++) {
      const v = changes[i]!;
      if (v.tsOrigin === 'source') continue;
      copy ??= changes.slice();
      copy[i] = toClock(v);
    }
    return copy ?? changes;
  };

  engine.subscribe((changes) => {
    const out = restamp(changes);
    for (const l of listeners) {
      try {
        l(out);
      } catch (err) {
        listenerErrors++;
        log.error(`tag listener failed: ${(err as Error).message}`);
      }
    }
  });

  const tick = (): void => {
    const now = wall.now();
    if (engine.checkStale(now) > 0) requestFlush();
    if (now - rateAt >= 1000) {
      const c = engine.counters();
      const dt = (now - rateAt) / 1000;
      updatesPerSecond = (c.updates - rateBase.updates) / dt;
      publishedPerSecond = (c.published - rateBase.published) / dt;
      rateBase = c;
      rateAt = now;
    }
  };

  return {
    plant,
    timebase,
    async start() {
      if (timer !== null || stopping !== null) return;
      timer = setInterval(tick, tickMs);
      for (const d of drivers) await d.start();
      log.info(
        `runtime started: ${drivers.length} PLC driver(s), ${engine.size} tags, clock ${timebase.mode}`,
      );
    },
    stop() {
      stopping ??= (async () => {
        if (timer !== null) clearInterval(timer);
        timer = null;
        const results = await Promise.allSettled(drivers.map((d) => d.stop()));
        for (const r of results)
          if (r.status === 'rejected') log.warn(`driver stop failed: ${String(r.reason)}`);
        flushNow();
      })();
      return stopping;
    },
    value(name) {
      const v = engine.get(name);
      return v === undefined ? undefined : toClock(v);
    },
    snapshot() {
      const all = engine.snapshot();
      return timebase.mode === 'wall' ? all : all.map(toClock);
    },
    subscribe(listener) {
      listeners = [...listeners, listener];
      return () => {
        listeners = listeners.filter((l) => l !== listener);
      };
    },
    subscribeRaw(names, listener) {
      return engine.subscribeRaw(names, (samples) => {
        try {
          listener(restamp(samples));
        } catch (err) {
          listenerErrors++;
          log.error(`raw tag listener failed: ${(err as Error).message}`);
        }
      });
    },
    setComputed(name, value, quality) {
      engine.setComputed(name, value, quality, wall.now());
      requestFlush();
    },
    driver(plcId) {
      return driverByPlc.get(plcId);
    },
    health() {
      return {
        time: timebase.clock.now(),
        uptimeMs: wall.now() - startedAt,
        plcs: drivers.map((d) => d.status()),
      };
    },
    stats() {
      return {
        engine: engine.counters(),
        updatesPerSecond,
        publishedPerSecond,
        sink: { ...sinkStats },
        drivers: drivers.map((d) => ({ status: d.status(), counters: d.counters() })),
        listenerErrors,
      };
    },
  };
}
