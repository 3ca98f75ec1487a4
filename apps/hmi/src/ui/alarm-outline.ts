// The outline class of a graphic element bound to an alarm: priority colour while active, grey once returned.
import { isAlarmColoured, isFlashing } from '../model/alarm-list.js';
import type { AlarmView } from '../model/plant-views.js';
import { PRIORITY_STYLE } from '../model/priority.js';

/** ' alarm-outline-<priority>' (active), ' alarm-outline-rtn' (returned, unacked), plus ' flashing' while unacked. */
export function alarmOutline(a: AlarmView | null): string {
  if (!a) return '';
  const base = isAlarmColoured(a)
    ? `alarm-outline-${PRIORITY_STYLE[a.priority].token}`
    : 'alarm-outline-rtn';
  return ` ${base}${isFlashing(a) ? ' flashing' : ''}`;
}
