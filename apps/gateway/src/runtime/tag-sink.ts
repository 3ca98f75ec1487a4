// The sample sink every driver feeds: stamps the sample on the gateway's timebase and updates the tag engine.
import type { SampleSink } from '@zld/protocols';
import type { Plant } from '@zld/plant';
import type { TagEngine } from '@zld/tags';
import type { Timebase } from './timebase.js';

export interface TagSinkStats {
  /** Samples the engine refused (unknown tag, computed tag): a driver or plant-file bug. */
  errors: number;
  lastError: string | null;
  /**
   * On the wall clock: samples whose source timestamp lay more than `MAX_FUTURE_SKEW_MS` ahead of the
   * gateway's clock (a device clock that runs fast), stamped with their receive time instead.
   */
  futureStamps: number;
}

/**
 * How far ahead of the gateway's wall clock a device's source timestamp may lie before the gateway stops
 * believing it. A value from the future would sort after everything the historian receives next and
 * make live displays look stale; late timestamps (buffered values) are legitimate and kept.
 */
export const MAX_FUTURE_SKEW_MS = 5000;

/**
 * Made once; per sample it reads the wall clock once, checks one byte (is this a PLC clock tag?) and
 * calls the engine's index-based `update`. It never throws (the driver contract): a refused sample is
 * counted and the first one logged.
 */
export interface TagSinkHooks {
  /** Called after every accepted sample (the runtime schedules a flush). */
  onSample?: () => void;
  /** Called once, with the first refused sample's reason. */
  onError?: (message: string) => void;
}

export function createTagSink(
  plant: Plant,
  engine: TagEngine,
  timebase: Timebase,
  hooks: TagSinkHooks = {},
): { sink: SampleSink; stats: TagSinkStats } {
  const onSample = hooks.onSample ?? (() => {});
  const onError = hooks.onError ?? (() => {});
  const isClockTag = new Uint8Array(engine.size);
  for (const plc of plant.plcs) {
    const i = plc.clockTag === undefined ? -1 : engine.indexOf(plc.clockTag);
    if (i >= 0) isClockTag[i] = 1;
  }
  const stats: TagSinkStats = { errors: 0, lastError: null, futureStamps: 0 };
  const onWall = timebase.mode === 'wall';
  const wall = timebase.wall;
  const sink: SampleSink = (tag, value, quality, sourceTs) => {
    const now = wall.now();
    try {
      const i = typeof tag === 'number' ? tag : engine.indexOf(tag);
      if (isClockTag[i] === 1 && typeof value === 'number' && quality === 'Good')
        timebase.observeClockTag(value, now);
      let ts = sourceTs ?? timebase.stamp();
      if (onWall && ts !== undefined && ts > now + MAX_FUTURE_SKEW_MS) {
        stats.futureStamps++;
        ts = undefined;
      }
      engine.update(i < 0 ? tag : i, value, quality, ts, now);
      onSample();
    } catch (err) {
      stats.errors++;
      stats.lastError = (err as Error).message;
      if (stats.errors === 1) onError(`tag sink: ${stats.lastError}`);
    }
  };
  return { sink, stats };
}
