// The trend chart: per pen a mean line and min/max band (own axis or normalised), comparison, Bad spans, brush zoom.
import type { TagDefinitionDto } from '@zld/api';
import { useMemo } from 'react';
import {
  Area,
  Brush,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { axisDomain, badSpans, chartRows, penKeys } from '../../model/chart-series.js';
import type { Series } from '../../model/history-series.js';
import { formatTime } from '../../model/time.js';
import { penStyle } from './pen-style.js';

interface Props {
  series: readonly Series[];
  compare: readonly Series[] | null;
  shiftMs: number;
  defs: readonly (TagDefinitionDto | undefined)[];
  normalised: boolean;
  from: number;
  to: number;
  cursor: number | null;
  onZoom: (from: number, to: number) => void;
}

/** Tick labels as precise as the window needs: date and minute, minute, or second (under an hour). */
const tickTime = (t: number, span: number) =>
  span > 2 * 86_400_000
    ? formatTime(t).slice(5, 16)
    : formatTime(t, false).slice(0, span < 3_600_000 ? 8 : 5);

export function TrendChart({
  series,
  compare,
  shiftMs,
  defs,
  normalised,
  from,
  to,
  cursor,
  onZoom,
}: Props) {
  const scales = defs.map((d) => ({ range: d ? d.range : ([0, 1] as const) }));
  const rows = useMemo(
    () => chartRows(series, { normalised, scales, ...(compare ? { compare, shiftMs } : {}) }),
    // scales derive from defs
    [series, compare, shiftMs, normalised, defs],
  );
  const spans = useMemo(() => series.map((s) => badSpans(s, to)), [series, to]);
  const span = to - from;
  return (
    <div style={{ width: '100%', height: 460 }} data-testid="trend-chart" data-rows={rows.length}>
      <ResponsiveContainer>
        <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="hsl(0 0% 70%)" strokeDasharray="2 4" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[from, to]}
            allowDataOverflow
            tickFormatter={(t: number) => tickTime(t, span)}
            stroke="hsl(0 0% 25%)"
          />
          {normalised ? (
            <YAxis yAxisId="n" domain={[0, 100]} unit="%" stroke="hsl(0 0% 25%)" width={48} />
          ) : (
            series.map((s, i) => (
              <YAxis
                key={s.name}
                yAxisId={`y${i}`}
                orientation={i % 2 === 0 ? 'left' : 'right'}
                domain={axisDomain(scales[i]!, false)}
                stroke={penStyle(i).stroke}
                width={56}
                label={{
                  value: `${s.name} ${defs[i]?.unit ?? ''}`,
                  angle: -90,
                  position: i % 2 === 0 ? 'insideLeft' : 'insideRight',
                  fill: penStyle(i).stroke,
                  fontSize: 11,
                }}
              />
            ))
          )}
          <Tooltip
            labelFormatter={(t) => formatTime(Number(t))}
            formatter={(v, key) => [
              Array.isArray(v)
                ? `${Number(v[0]).toFixed(2)} .. ${Number(v[1]).toFixed(2)}`
                : Number(v).toFixed(3),
              String(key),
            ]}
          />
          {spans.flatMap((ss, i) =>
            ss.map(([a, b]) => (
              <ReferenceArea
                key={`bad-${i}-${a}`}
                yAxisId={normalised ? 'n' : `y${i}`}
                x1={Math.max(a, from)}
                x2={Math.min(b, to)}
                fill="hsl(0 0% 55%)"
                fillOpacity={0.25}
                stroke="hsl(0 0% 20%)"
                strokeDasharray="3 3"
                label={{ value: 'no good data', fontSize: 10, fill: 'hsl(0 0% 15%)' }}
              />
            )),
          )}
          {series.map((s, i) => {
            const k = penKeys(i);
            const st = penStyle(i);
            const axis = normalised ? 'n' : `y${i}`;
            return [
              s.kind === 'buckets' ? (
                <Area
                  key={`${s.name}-band`}
                  yAxisId={axis}
                  dataKey={k.band}
                  name={`${s.name} min-max`}
                  stroke="none"
                  fill={st.stroke}
                  fillOpacity={0.15}
                  isAnimationActive={false}
                  connectNulls={false}
                />
              ) : null,
              <Line
                key={`${s.name}-mean`}
                yAxisId={axis}
                dataKey={k.mean}
                name={s.name}
                stroke={st.stroke}
                strokeDasharray={st.dash}
                dot={false}
                strokeWidth={1.8}
                isAnimationActive={false}
                connectNulls={false}
              />,
              compare ? (
                <Line
                  key={`${s.name}-cmp`}
                  yAxisId={axis}
                  dataKey={k.compare}
                  name={`${s.name} (earlier)`}
                  stroke={st.stroke}
                  strokeOpacity={0.55}
                  strokeDasharray="3 3"
                  dot={false}
                  strokeWidth={1.2}
                  isAnimationActive={false}
                  connectNulls={false}
                />
              ) : null,
            ];
          })}
          {cursor !== null && (
            <ReferenceLine
              yAxisId={normalised ? 'n' : 'y0'}
              x={cursor}
              stroke="hsl(0 0% 5%)"
              strokeWidth={2}
              label={{ value: 'REPLAY', fontSize: 11 }}
            />
          )}
          {rows.length > 2 && (
            <Brush
              dataKey="t"
              height={26}
              stroke="hsl(0 0% 30%)"
              tickFormatter={(t: number) => tickTime(t, span)}
              onDragEnd={(r) => {
                const a = rows[r.startIndex ?? 0]?.t;
                const b = rows[r.endIndex ?? rows.length - 1]?.t;
                if (
                  a !== undefined &&
                  b !== undefined &&
                  (r.startIndex !== 0 || r.endIndex !== rows.length - 1)
                )
                  onZoom(a, b);
              }}
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
