// A priority indicator: shape and number always; the priority colour only when bound to an active or unacked alarm.
import type { Priority } from '@zld/api';
import { isAlarmColoured, isFlashing } from '../model/alarm-list.js';
import type { AlarmView } from '../model/plant-views.js';
import { PRIORITY_STYLE, shapePath } from '../model/priority.js';

interface Props {
  priority: Priority;
  /** The alarm this indicator stands for; without one (legends, filters) it stays grey. */
  alarm?: AlarmView;
  size?: number;
  /** Text instead of the rank number (e.g. a count in the banner). */
  text?: string;
}

export function PriorityIcon({ priority, alarm, size = 18, text }: Props) {
  const style = PRIORITY_STYLE[priority];
  const coloured = alarm !== undefined && isAlarmColoured(alarm);
  const flashing = alarm !== undefined && isFlashing(alarm);
  const r = size / 2 - 1;
  const cls = [
    'prio',
    coloured ? `alarm-${style.token}` : '',
    flashing ? 'flashing' : '',
    flashing && !coloured ? 'flash-grey' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <svg
      className={cls}
      width={size}
      height={size}
      viewBox={`${-size / 2} ${-size / 2} ${size} ${size}`}
      role="img"
      aria-label={`${style.label} priority${text !== undefined ? `: ${text}` : ''}`}
      data-priority={priority}
      data-alarm-id={alarm?.id}
      data-alarm-state={alarm?.state}
    >
      <path d={shapePath(style.shape, r)} />
      <text textAnchor="middle" dominantBaseline="central" y={style.shape === 'triangle' ? 2 : 0}>
        {text ?? style.rank}
      </text>
    </svg>
  );
}
