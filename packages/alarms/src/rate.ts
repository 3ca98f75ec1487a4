// Rate-of-change alarms: |Δvalue| per minute over a short sliding window of samples kept in the alarm's state.
import type { AlarmDef } from '@zld/plant';
import { isBad } from '@zld/tags';
import { inLimitRegion } from './limit.js';
import { numeric, readTag, type Reading, type TagLookup } from './reading.js';
import type { AlarmState } from './state.js';

export interface RateOptions {
  /** The window the rate is measured over, seconds. */
  windowS: number;
}

/**
 * The plant file gives ROC alarms no deadband; without one a rate near the limit chatters. When the
 * definition's deadband is 0 the rate must fall this fraction below the limit to clear (a GUESS to tune).
 */
export const ROC_DEFAULT_HYSTERESIS = 0.1;

/** Samples are kept at most this many per window (older ones are thinned), bounding the state's size. */
const SAMPLES_PER_WINDOW = 60;

export interface RateReading extends Reading {
  samples: [number, number][];
  /** Units per minute, when known. */
  rate: number | null;
}

/**
 * Evaluates a ROC alarm. The rate is (current value − oldest sample in the window) / elapsed minutes;
 * it is unknown until the samples span at least half the window. Bad inputs add no sample.
 */
export function readRate(
  def: AlarmDef,
  values: TagLookup,
  prev: AlarmState,
  now: number,
  opts: RateOptions,
): RateReading {
  const input = readTag(values, def.tag);
  const windowMs = opts.windowS * 1000;
  const kept = prev.samples.filter(([t]) => t >= now - windowMs && t <= now);
  const x = isBad(input.quality) ? null : numeric(input.value);
  if (x === null || def.limit === undefined) {
    return { truth: null, quality: input.quality, value: input.value, samples: kept, rate: null };
  }
  const last = kept[kept.length - 1];
  const samples =
    last === undefined || now - last[0] >= windowMs / SAMPLES_PER_WINDOW
      ? [...kept, [now, x] as [number, number]]
      : kept;
  const first = samples[0];
  const spanMs = first === undefined ? 0 : now - first[0];
  if (first === undefined || spanMs < windowMs / 2) {
    return { truth: null, quality: input.quality, value: input.value, samples, rate: null };
  }
  const rate = (x - first[1]) / (spanMs / 60_000);
  const wasIn = prev.condition ?? prev.active;
  const deadband = def.deadband > 0 ? def.deadband : def.limit * ROC_DEFAULT_HYSTERESIS;
  const truth = inLimitRegion(true, def.limit, deadband, Math.abs(rate), wasIn);
  return { truth, quality: input.quality, value: input.value, samples, rate };
}
