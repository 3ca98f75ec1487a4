// A live value on a graphic: tag name, value with unit and quality overlay, alarm indicator and moving analog indicator.
import { useAlarms, useConnection, useTag } from '../../live/source-context.js';
import { alarmsOfTag, worstAlarm } from '../../model/alarm-list.js';
import { formatValue } from '../../model/format.js';
import { alarmOutline } from '../../ui/alarm-outline.js';
import { MovingAnalogIndicator } from '../../ui/MovingAnalogIndicator.js';
import { PriorityIcon } from '../../ui/PriorityIcon.js';
import { VALUE_H, VALUE_W } from './layout.js';
import { activate } from './GraphicDefs.js';

interface Props {
  tag: string;
  x: number;
  y: number;
  onOpen: (target: string) => void;
}

export function ValueBox({ tag: name, x, y, onOpen }: Props) {
  const tag = useTag(name);
  const sp = useTag(`${name}.SP`);
  const lost = useConnection() === 'lost';
  const alarms = alarmsOfTag(useAlarms(), name).filter((a) => a.tag === name);
  const worst = worstAlarm(alarms);
  if (!tag) {
    return (
      <g transform={`translate(${x} ${y})`} data-tag={name} data-overlay="bad">
        <rect className="vbox vbox-bad" width={VALUE_W} height={VALUE_H} />
        <text className="tagname" x={6} y={14}>
          {name}
        </text>
        <text className="val" x={6} y={34}>
          ???? N/A
        </text>
      </g>
    );
  }
  const f = formatValue(tag, tag, lost);
  const analog = tag.dataType !== 'bool' && tag.states === undefined;
  const numeric = typeof tag.value === 'number' && f.overlay !== 'bad' ? tag.value : null;
  const spValue = typeof sp?.value === 'number' ? sp.value : null;
  const outline = alarmOutline(worst);
  return (
    <g
      transform={`translate(${x} ${y})`}
      data-tag={name}
      data-overlay={f.overlay}
      data-quality={tag.quality}
      {...activate(() => onOpen(name))}
    >
      {/* The accessible name (an aria-label would have to repeat the visible text word for word). */}
      <title>{`${name} ${f.text} ${f.unit} - ${tag.description} (${f.quality})`}</title>
      <rect
        className={`vbox${f.overlay === 'none' ? '' : ` vbox-${f.overlay}`}${outline}`}
        width={VALUE_W}
        height={VALUE_H}
        data-alarm-id={worst?.id}
      />
      <text className="tagname" x={6} y={13}>
        {name}
      </text>
      {worst && (
        <g transform={`translate(${VALUE_W - 11} 11)`}>
          <PriorityIcon priority={worst.priority} alarm={worst} size={18} />
        </g>
      )}
      <text className="val" x={6} y={32}>
        {f.text}
        <tspan className="dim" fontSize={11} fontWeight={400}>
          {f.unit === '' ? '' : ` ${f.unit}`}
        </tspan>
      </text>
      {f.mark !== '' && (
        <text className="qmark" x={VALUE_W - 6} y={32} textAnchor="end">
          {f.mark}
        </text>
      )}
      {analog && (tag.limits !== undefined || tag.normal !== undefined) && (
        <MovingAnalogIndicator
          def={tag}
          value={numeric}
          setpoint={spValue}
          x={6}
          y={39}
          w={VALUE_W - 12}
          h={6}
          alarms={alarms}
        />
      )}
    </g>
  );
}
