// A discrete state on a graphic as text in a box (e.g. a level switch DRY/WET), with quality and alarm marking.
import { useAlarms, useConnection, useTag } from '../../live/source-context.js';
import { worstAlarm } from '../../model/alarm-list.js';
import { formatValue } from '../../model/format.js';
import { alarmOutline } from '../../ui/alarm-outline.js';
import { PriorityIcon } from '../../ui/PriorityIcon.js';
import { activate } from './GraphicDefs.js';

interface Props {
  tag: string;
  x: number;
  y: number;
  onOpen: (target: string) => void;
}

export function StatusText({ tag: name, x, y, onOpen }: Props) {
  const tag = useTag(name);
  const lost = useConnection() === 'lost';
  const worst = worstAlarm(useAlarms().filter((a) => a.tag === name));
  const f = tag ? formatValue(tag, tag, lost) : null;
  const overlay = f?.overlay ?? 'bad';
  const outline = alarmOutline(worst);
  return (
    <g
      transform={`translate(${x} ${y})`}
      data-tag={name}
      data-overlay={overlay}
      {...activate(() => onOpen(name))}
    >
      <title>{tag ? `${name} - ${tag.description} (${f?.quality})` : name}</title>
      <rect
        className={`vbox${overlay === 'none' ? '' : ` vbox-${overlay}`}${outline}`}
        width={128}
        height={30}
        data-alarm-id={worst?.id}
      />
      <text className="tagname" x={6} y={12}>
        {name}
      </text>
      <text className="val" x={6} y={26} fontSize={13}>
        {f ? f.text : '????'}
      </text>
      {f && f.mark !== '' && (
        <text className="qmark" x={100} y={26} textAnchor="end">
          {f.mark}
        </text>
      )}
      {worst && (
        <g transform="translate(117 15)">
          <PriorityIcon priority={worst.priority} alarm={worst} size={18} />
        </g>
      )}
    </g>
  );
}
