// The audible alarm horn, as pure logic: it sounds while an unacknowledged alarm has not been heard and silenced.
import { isFlashing } from './alarm-list.js';
import type { AlarmView } from './plant-views.js';

/** One activation of one alarm: a re-alarm or a new activation has a new key, so it sounds again. */
export function soundKey(a: AlarmView): string {
  return `${a.id}#${a.eventId ?? a.activeSince ?? a.lastChange ?? ''}`;
}

/** The horn sounds while some unacknowledged, annunciated alarm has not been silenced. */
export function hornSounding(alarms: readonly AlarmView[], silenced: ReadonlySet<string>): boolean {
  return alarms.some((a) => isFlashing(a) && !silenced.has(soundKey(a)));
}

/** Silencing covers the alarms sounding now; a later one sounds again. Keys of cleared alarms are dropped. */
export function silence(alarms: readonly AlarmView[]): Set<string> {
  return new Set(alarms.filter(isFlashing).map(soundKey));
}

/** How often the horn beeps while it sounds, by the most urgent sounding priority (ms). */
export function beepPeriodMs(
  alarms: readonly AlarmView[],
  silenced: ReadonlySet<string>,
): number | null {
  const sounding = alarms.filter((a) => isFlashing(a) && !silenced.has(soundKey(a)));
  if (sounding.length === 0) return null;
  const urgent = sounding.some((a) => a.priority === 'critical' || a.priority === 'high');
  return urgent ? 1500 : 4000;
}
