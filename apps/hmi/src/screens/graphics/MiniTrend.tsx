// An embedded mini-trend (last hour, or the hour before the replay cursor) of one or two key variables.
import { useConnection, useDefinitions, useReplayTime, useTag } from '../../live/source-context.js';
import { sparkPaths } from '../../model/sparkline.js';
import { formatHash } from '../../model/route.js';
import { HOUR, formatTime } from '../../model/time.js';
import { QualityValue } from '../../ui/QualityValue.js';
import { encodeTrendView } from '../../model/trend-url.js';
import { useTrendData } from '../trends/useTrendData.js';

interface Props {
  title: string;
  tags: readonly string[];
  x: number;
  y: number;
  w: number;
  h: number;
}

const PAD = { top: 20, bottom: 16, left: 6, right: 6 };

export function MiniTrend({ title, tags, x, y, w, h }: Props) {
  const defs = useDefinitions();
  const data = useTrendData({ tags, maxPoints: Math.round(w), follow: true, spanMs: HOUR });
  const cursor = useReplayTime();
  const first = defs.get(tags[0] ?? '');
  const range = first ? first.range : ([0, 1] as const);
  const box = { x: PAD.left, y: PAD.top, w: w - PAD.left - PAD.right, h: h - PAD.top - PAD.bottom };
  const link = formatHash(
    'trends',
    encodeTrendView({
      pens: [...tags],
      window: { kind: 'preset', preset: '1h', live: true },
      mode: 'axes',
      shift: null,
    }),
  );
  return (
    <g
      transform={`translate(${x} ${y})`}
      className="minitrend"
      data-testid={`minitrend-${tags.join('+')}`}
    >
      <rect className="frame" width={w} height={h} />
      <a href={link}>
        <text x={6} y={14} fontWeight={700}>
          {title}
        </text>
      </a>
      <text x={w - 6} y={14} textAnchor="end" className="tagname">
        {tags.join(' / ')} {first ? `[${range[0]}..${range[1]} ${first.unit}]` : ''}
      </text>
      {data.series.map((s, i) => {
        const p = sparkPaths(s, data.from, data.to, range, box);
        return (
          <g key={s.name}>
            {p.gaps.map(([a, b]) => (
              <rect key={a} className="gap" x={a} y={box.y} width={b - a} height={box.h} />
            ))}
            {p.band !== '' && <path className="band" d={p.band} />}
            <path className={i === 0 ? 'line0' : 'line1'} d={p.line} />
          </g>
        );
      })}
      {data.loading && (
        <text x={w / 2} y={h / 2} textAnchor="middle" className="dim">
          loading...
        </text>
      )}
      {data.error && (
        <text x={w / 2} y={h / 2} textAnchor="middle" className="qmark">
          history unavailable
        </text>
      )}
      <text x={6} y={h - 4} className="tagname">
        {cursor !== null ? `to ${formatTime(cursor, false)}` : '-1 h'}
      </text>
      <foreignObject x={w - 170} y={h - 16} width={166} height={16}>
        <MiniTrendNow tag={tags[0] ?? ''} />
      </foreignObject>
    </g>
  );
}

function MiniTrendNow({ tag }: { tag: string }) {
  const t = useTag(tag);
  const lost = useConnection() === 'lost';
  return (
    <div style={{ textAlign: 'right', fontSize: 11, lineHeight: '14px' }}>
      <QualityValue tag={t} connectionLost={lost} />
    </div>
  );
}
