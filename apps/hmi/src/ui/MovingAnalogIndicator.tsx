// Moving analog indicator (SVG group): range, desired band, alarm zones and limits, setpoint and the value pointer.
import type { LimitName, TagDefinitionDto } from '@zld/api';
import { isAlarmColoured } from '../model/alarm-list.js';
import { maiGeometry } from '../model/mai-geometry.js';
import type { AlarmView } from '../model/plant-views.js';
import { PRIORITY_STYLE } from '../model/priority.js';

interface Props {
  def: Pick<TagDefinitionDto, 'name' | 'range' | 'normal' | 'limits'>;
  value: number | null;
  setpoint: number | null;
  x: number;
  y: number;
  w: number;
  h: number;
  /** The tag's alarms: a limit tick is coloured only while its own alarm is active or unacked. */
  alarms?: readonly AlarmView[];
}

export function MovingAnalogIndicator({ def, value, setpoint, x, y, w, h, alarms = [] }: Props) {
  const g = maiGeometry(def, value, setpoint);
  const px = (f: number) => x + f * w;
  const limitAlarm = (name: LimitName) =>
    alarms.find((a) => (a.type === name || a.id.endsWith(`.${name}`)) && isAlarmColoured(a));
  const limitAttrs = Object.fromEntries(
    g.limits.map((m) => [`data-limit-${m.name.toLowerCase()}`, m.value]),
  );
  return (
    <g
      className="mai"
      data-testid={`mai-${def.name}`}
      data-range={`${g.range[0]},${g.range[1]}`}
      data-normal={def.normal ? `${def.normal[0]},${def.normal[1]}` : undefined}
      data-setpoint={setpoint ?? undefined}
      {...limitAttrs}
    >
      <rect className="track" x={x} y={y} width={w} height={h} />
      {g.lowZone && (
        <rect
          className="zone"
          x={px(g.lowZone[0])}
          y={y}
          width={px(g.lowZone[1]) - px(g.lowZone[0])}
          height={h}
        />
      )}
      {g.highZone && (
        <rect
          className="zone"
          x={px(g.highZone[0])}
          y={y}
          width={px(g.highZone[1]) - px(g.highZone[0])}
          height={h}
        />
      )}
      {g.normal && (
        <rect
          className="normal"
          x={px(g.normal[0])}
          y={y + 1}
          width={px(g.normal[1]) - px(g.normal[0])}
          height={h - 2}
        />
      )}
      {g.limits.map((m) => {
        const a = limitAlarm(m.name);
        const cls = a ? `limit alarm-outline-${PRIORITY_STYLE[a.priority].token}` : 'limit';
        const tall = m.name === 'LL' || m.name === 'HH';
        return (
          <line
            key={m.name}
            className={cls}
            x1={px(m.at)}
            x2={px(m.at)}
            y1={y - (tall ? 2 : 0)}
            y2={y + h + (tall ? 2 : 0)}
            data-alarm-id={a?.id}
          >
            <title>{`${m.name} ${m.value}`}</title>
          </line>
        );
      })}
      {g.setpoint !== null && (
        <path className="sp" d={`M${px(g.setpoint)} ${y + h} l-4 5 h8 z`}>
          <title>{`SP ${setpoint}`}</title>
        </path>
      )}
      {g.pointer !== null && (
        <path
          className="pointer"
          d={`M${px(g.pointer)} ${y + h / 2 + 1} l-5 -${h / 2 + 5} h10 z`}
          data-testid="mai-pointer"
        />
      )}
    </g>
  );
}
