// On-delay, off-delay, latching and the quality hold: turns a condition reading into activate / clear decisions.
import type { AlarmDef } from '@zld/plant';
import { isGood, type Quality } from '@zld/tags';
import type { Reading } from './reading.js';
import type { AlarmState } from './state.js';

export interface TimingStep {
  change: 'activate' | 'clear' | null;
  pendingSince: number | null;
  clearingSince: number | null;
}

/**
 * Decides at `now` whether the alarm activates or clears.
 * - The condition must hold for the whole on-delay before the alarm activates. An Uncertain input may
 *   activate the alarm (an uncertain high level is still worth a look); a Bad one cannot.
 * - An active alarm clears only after the condition has been false, on Good inputs, for the whole
 *   off-delay. A Bad or Uncertain input restarts the off-delay, so the alarm holds its state and never
 *   clears on questionable data.
 * - A latching alarm never clears here; it waits for a reset.
 */
export function stepTiming(
  def: Pick<AlarmDef, 'onDelayS' | 'offDelayS' | 'latched'>,
  prev: Pick<AlarmState, 'active' | 'pendingSince' | 'clearingSince'>,
  reading: Reading,
  now: number,
): TimingStep {
  const holds = reading.truth === true;
  const clearOnGood = reading.truth === false && isGood(reading.quality);
  if (!prev.active) {
    if (!holds) return { change: null, pendingSince: null, clearingSince: null };
    const since = prev.pendingSince ?? now;
    if (now - since >= def.onDelayS * 1000) {
      return { change: 'activate', pendingSince: null, clearingSince: null };
    }
    return { change: null, pendingSince: since, clearingSince: null };
  }
  if (!clearOnGood || def.latched) return { change: null, pendingSince: null, clearingSince: null };
  const since = prev.clearingSince ?? now;
  if (now - since >= def.offDelayS * 1000) {
    return { change: 'clear', pendingSince: null, clearingSince: null };
  }
  return { change: null, pendingSince: null, clearingSince: since };
}

/**
 * Suppression by design from its condition: suppress only on a true answer from Good inputs (never hide an
 * alarm on questionable data), lift on any false answer, and hold while the answer is unknown.
 */
export function nextSuppressed(
  current: boolean,
  s: { truth: boolean | null; quality: Quality },
): boolean {
  if (s.truth === false) return false;
  if (s.truth === true && isGood(s.quality)) return true;
  return current;
}
