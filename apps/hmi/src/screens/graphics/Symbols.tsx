// Pump, valve, vessel and pipe symbols: states by fill, shape and text; alarm colour only on an alarm-bound outline.
import { useMemo } from 'react';
import { useAlarms, useDefinitions, useTag } from '../../live/source-context.js';
import { worstAlarm } from '../../model/alarm-list.js';
import { fractionOf } from '../../model/mai-geometry.js';
import type { AlarmView } from '../../model/plant-views.js';
import { alarmOutline } from '../../ui/alarm-outline.js';
import { severityOf } from '../../model/quality.js';
import { equipmentView, type EquipmentView } from './equipment-state.js';
import { activate } from './GraphicDefs.js';
import type { VesselShape } from './layout.js';

/** The worst alarm-coloured alarm of any tag that belongs to a piece of equipment. */
function useEquipmentAlarm(id: string): AlarmView | null {
  const alarms = useAlarms();
  const defs = useDefinitions();
  return useMemo(
    () =>
      worstAlarm(
        alarms.filter((a) => a.tag.startsWith(`${id}.`) || defs.get(a.tag)?.equipment === id),
      ),
    [alarms, defs, id],
  );
}

const outlineOf = alarmOutline;

const stateClass = (v: EquipmentView) =>
  v.state === 'on' ? 'state-on' : v.state === 'unknown' ? 'state-unknown' : 'state-off';

interface PumpProps {
  id: string;
  x: number;
  y: number;
  run: string;
  fault?: string;
  onOpen: (target: string) => void;
}

export function PumpSymbol({ id, x, y, run, fault, onOpen }: PumpProps) {
  const runTag = useTag(run);
  const faultTag = useTag(fault ?? '');
  const view = equipmentView(runTag, true, faultTag);
  const alarm = useEquipmentAlarm(id);
  return (
    <g
      transform={`translate(${x} ${y})`}
      data-equipment={id}
      data-state={view.state}
      {...activate(() => onOpen(id))}
    >
      <title>{`${id}: ${view.text}`}</title>
      <circle
        r={12}
        className={`${stateClass(view)}${outlineOf(alarm)}`}
        data-alarm-id={alarm?.id}
      />
      {/* The impeller triangle points downstream; a stopped pump is hollow, a running one filled. */}
      <path
        d="M-6 -7 L8 0 L-6 7 z"
        fill={view.state === 'on' ? 'hsl(0 0% 100%)' : 'hsl(0 0% 15%)'}
      />
      {view.state === 'tripped' && (
        <path d="M-12 -12 L12 12 M12 -12 L-12 12" stroke="hsl(0 0% 8%)" strokeWidth={2.5} />
      )}
      <text x={0} y={-17} textAnchor="middle" className="tagname">
        {id}
      </text>
      <text x={0} y={27} textAnchor="middle" className="qmark">
        {view.text}
      </text>
    </g>
  );
}

interface ValveProps {
  id: string;
  x: number;
  y: number;
  pos: string;
  openWhen: boolean;
  onOpen: (target: string) => void;
}

export function ValveSymbol({ id, x, y, pos, openWhen, onOpen }: ValveProps) {
  const view = equipmentView(useTag(pos), openWhen);
  const alarm = useEquipmentAlarm(id);
  const state = view.state === 'on' ? 'open' : view.state === 'off' ? 'closed' : view.state;
  return (
    <g
      transform={`translate(${x} ${y})`}
      data-equipment={id}
      data-state={state}
      {...activate(() => onOpen(id))}
    >
      <title>{`${id}: ${view.text}`}</title>
      {/* Bow-tie: filled = open, hollow = closed, hatched = unknown. */}
      <path
        d="M-12 -9 L12 9 L12 -9 L-12 9 z"
        className={`${stateClass(view)}${outlineOf(alarm)}`}
        data-alarm-id={alarm?.id}
      />
      <text x={0} y={-14} textAnchor="middle" className="tagname">
        {id}
      </text>
      <text x={0} y={25} textAnchor="middle" className="qmark">
        {view.text}
      </text>
    </g>
  );
}

interface VesselProps {
  id: string;
  shape: VesselShape;
  x: number;
  y: number;
  w: number;
  h: number;
  level?: string;
  run?: string;
  fault?: string;
  onOpen: (target: string) => void;
}

function outlinePath(shape: VesselShape, w: number, h: number): string {
  const r = Math.min(w / 2, 18);
  switch (shape) {
    case 'tank':
    case 'sump':
      return `M0 0 H${w} V${h} H0 Z`;
    case 'reactor':
    case 'evaporator':
    case 'crystallizer':
      return `M0 ${r} Q0 0 ${w / 2} 0 Q${w} 0 ${w} ${r} V${h - r} Q${w} ${h} ${w / 2} ${h} Q0 ${h} 0 ${h - r} Z`;
    case 'centrifuge':
      return `M0 0 H${w} L${w * 0.7} ${h} H${w * 0.3} Z`;
    case 'compressor':
      return `M0 ${h * 0.15} L${w} 0 V${h} L0 ${h * 0.85} Z`;
    case 'calciner':
      return `M0 ${h * 0.2} H${w} V${h * 0.8} H0 Z`;
    default:
      return `M0 0 H${w} V${h} H0 Z`;
  }
}

export function VesselSymbol({ id, shape, x, y, w, h, level, run, fault, onOpen }: VesselProps) {
  const levelTag = useTag(level ?? '');
  const runTag = useTag(run ?? '');
  const faultTag = useTag(fault ?? '');
  const view = run !== undefined ? equipmentView(runTag, true, faultTag) : null;
  const alarm = useEquipmentAlarm(id);
  const d = outlinePath(shape, w, h);
  const clip = `clip-${id}`;
  let fill: number | null = null;
  let levelBad = false;
  if (level !== undefined) {
    if (levelTag && typeof levelTag.value === 'number' && severityOf(levelTag.quality) !== 'Bad') {
      fill = fractionOf(levelTag.value, levelTag.range);
    } else levelBad = true;
  }
  return (
    <g
      transform={`translate(${x} ${y})`}
      data-equipment={id}
      data-state={view?.state}
      {...activate(() => onOpen(id))}
    >
      <title>{`${id}${view ? `: ${view.text}` : ''}`}</title>
      <clipPath id={clip}>
        <path d={d} />
      </clipPath>
      <path d={d} className={`shell-line${view?.state === 'unknown' ? ' state-unknown' : ''}`} />
      {fill !== null && (
        <rect
          className="liquid"
          x={0}
          y={h * (1 - fill)}
          width={w}
          height={h * fill}
          clipPath={`url(#${clip})`}
        />
      )}
      {levelBad && (
        <rect
          x={0}
          y={0}
          width={w}
          height={h}
          fill="url(#quality-hatch)"
          clipPath={`url(#${clip})`}
        />
      )}
      {shape === 'settler' && (
        <g className="dim">
          {['E', 'S', 'St'].map((s, i) => (
            <text key={s} x={(w / 3) * i + 8} y={h - 8}>
              {s}
            </text>
          ))}
          <path d={`M${w / 3} 0 V${h} M${(2 * w) / 3} 0 V${h}`} stroke="hsl(0 0% 33%)" />
        </g>
      )}
      <path
        d={d}
        fill="none"
        className={outlineOf(alarm).trim()}
        data-alarm-id={alarm?.id}
        strokeWidth={alarm ? 3 : 0}
      />
      <text x={w / 2} y={-6} textAnchor="middle" fontWeight={700}>
        {id}
      </text>
      {view && (
        <text x={w / 2} y={h + 15} textAnchor="middle" className="qmark">
          {view.text}
        </text>
      )}
    </g>
  );
}

export function Pipe({
  points,
  arrow,
  dashed,
}: {
  points: readonly (readonly [number, number])[];
  arrow?: boolean;
  dashed?: boolean;
}) {
  const d = points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x} ${y}`).join(' ');
  return (
    <path
      d={d}
      className={`pipe${dashed ? ' dashed' : ''}`}
      markerEnd={arrow ? 'url(#flow-arrow)' : undefined}
    />
  );
}
