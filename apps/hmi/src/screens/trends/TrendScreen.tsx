// Level-4 trends: pens with own axes or normalised, presets and absolute windows, brush zoom, pan, live follow,
// comparison with an earlier period, CSV export; the whole view lives in the URL so a link reproduces it.
import { useMemo } from 'react';
import { useDefinitions, usePlantNow, useReplayTime } from '../../live/source-context.js';
import { useReplay } from '../../replay/replay-controller.js';
import { formatTime, fromInputValue, toInputValue } from '../../model/time.js';
import {
  PRESETS,
  presetMs,
  SHIFTS,
  maxPointsFor,
  pan,
  resolveWindow,
  shiftMs,
  zoomOut,
  zoomTo,
  isShiftId,
  type TimeWindow,
} from '../../model/time-window.js';
import { decodeTrendView, encodeTrendView, type TrendView } from '../../model/trend-url.js';
import { formatHash } from '../../model/route.js';
import { navigate, useRoute } from '../../ui/useRoute.js';
import { historyCsvUrl } from '../../api/history-api.js';
import { PenPicker } from './PenPicker.js';
import { TrendChart } from './TrendChart.js';
import { useTrendData, type TrendQuery } from './useTrendData.js';

const MAX_POINTS = maxPointsFor(1200);

export function TrendScreen() {
  const route = useRoute();
  const view = decodeTrendView(route.params);
  const defs = useDefinitions();
  const cursor = useReplayTime();
  const plantNow = usePlantNow();
  const replay = useReplay();
  const setView = (v: TrendView) => navigate(formatHash('trends', encodeTrendView(v)), true);

  // In replay the window is the replay's; the chart draws up to the cursor.
  const replayWindow = replay.store
    ? { from: replay.store.data.from, to: replay.store.data.to }
    : null;
  // A window relative to now but not following is fixed once, when it is chosen.
  const windowKey = JSON.stringify(view.window);
  const fixed = useMemo(() => resolveWindow(view.window, plantNow()), [windowKey]);
  const query: TrendQuery =
    replayWindow !== null
      ? { tags: view.pens, maxPoints: MAX_POINTS, follow: false, ...replayWindow }
      : view.window.kind === 'preset' && view.window.live
        ? {
            tags: view.pens,
            maxPoints: MAX_POINTS,
            follow: true,
            spanMs: presetMs(view.window.preset),
          }
        : { tags: view.pens, maxPoints: MAX_POINTS, follow: false, ...fixed };
  const data = useTrendData(query);
  const shift = view.shift ? shiftMs(view.shift) : 0;
  const compareQuery: TrendQuery = {
    tags: view.shift ? view.pens : [],
    maxPoints: MAX_POINTS,
    follow: false,
    // Minute-aligned, so a live-following chart asks for its comparison at most once a minute.
    from: Math.floor((data.from - shift) / 60_000) * 60_000,
    to: Math.ceil((data.to - shift) / 60_000) * 60_000,
  };
  const compare = useTrendData(compareQuery);
  const penDefs = useMemo(() => view.pens.map((p) => defs.get(p)), [view.pens, defs]);
  const tw: TimeWindow = view.window;

  const setWindow = (w: TimeWindow) => setView({ ...view, window: w });
  const csv =
    view.pens.length > 0 && data.to > data.from
      ? historyCsvUrl({ tags: view.pens, from: data.from, to: data.to, maxPoints: MAX_POINTS })
      : null;

  return (
    <section aria-label="Trends" data-display-level={4}>
      <h1>Trends</h1>
      <div className="trend-controls panel">
        <PenPicker pens={view.pens} onChange={(pens) => setView({ ...view, pens })} />
      </div>
      <div className="trend-controls">
        {PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            aria-pressed={tw.kind === 'preset' && tw.preset === p.id}
            onClick={() => setWindow({ kind: 'preset', preset: p.id, live: true })}
            disabled={replayWindow !== null}
          >
            {p.label}
          </button>
        ))}
        <label className="row">
          <input
            type="checkbox"
            checked={tw.kind === 'preset' && tw.live}
            disabled={tw.kind !== 'preset' || replayWindow !== null}
            onChange={(e) =>
              tw.kind === 'preset' &&
              setWindow(
                e.target.checked
                  ? { ...tw, live: true }
                  : { kind: 'absolute', ...resolveWindow(tw, plantNow()) },
              )
            }
          />
          Live follow
        </label>
        <button
          type="button"
          onClick={() => setWindow(pan(tw, -0.5, plantNow()))}
          disabled={replayWindow !== null}
        >
          Pan earlier
        </button>
        <button
          type="button"
          onClick={() => setWindow(pan(tw, 0.5, plantNow()))}
          disabled={replayWindow !== null}
        >
          Pan later
        </button>
        <button
          type="button"
          onClick={() => setWindow(zoomOut(tw, 2, plantNow()))}
          disabled={replayWindow !== null}
        >
          Zoom out
        </button>
        <label className="row">
          From (UTC)
          <input
            type="datetime-local"
            value={toInputValue(data.from || plantNow())}
            disabled={replayWindow !== null}
            onChange={(e) => {
              const t = fromInputValue(e.target.value);
              if (Number.isFinite(t) && t < data.to)
                setWindow({ kind: 'absolute', from: t, to: data.to });
            }}
          />
        </label>
        <label className="row">
          To (UTC)
          <input
            type="datetime-local"
            value={toInputValue(data.to || plantNow())}
            disabled={replayWindow !== null}
            onChange={(e) => {
              const t = fromInputValue(e.target.value);
              if (Number.isFinite(t) && t > data.from)
                setWindow({ kind: 'absolute', from: data.from, to: t });
            }}
          />
        </label>
      </div>
      <div className="trend-controls">
        <label className="row">
          Scale
          <select
            value={view.mode}
            onChange={(e) =>
              setView({ ...view, mode: e.target.value === 'normalised' ? 'normalised' : 'axes' })
            }
          >
            <option value="axes">own axis per pen</option>
            <option value="normalised">normalised 0-100 % of range</option>
          </select>
        </label>
        <label className="row">
          Compare with
          <select
            value={view.shift ?? ''}
            onChange={(e) =>
              setView({ ...view, shift: isShiftId(e.target.value) ? e.target.value : null })
            }
          >
            <option value="">nothing</option>
            {SHIFTS.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        {csv && (
          <a href={csv} download data-testid="trend-csv">
            Export CSV
          </a>
        )}
        <button
          type="button"
          onClick={() => void navigator.clipboard?.writeText(globalThis.location.href)}
        >
          Copy link to this view
        </button>
        <span className="muted">
          {data.to > data.from ? `${formatTime(data.from)} - ${formatTime(data.to)} UTC` : ''}{' '}
          {data.loading ? '(loading)' : ''}
        </span>
      </div>
      {data.error && <p className="error-text">History unavailable: {data.error}</p>}
      {view.pens.length === 0 ? (
        <p className="muted">Add a pen to start.</p>
      ) : (
        <TrendChart
          series={data.series}
          compare={view.shift ? compare.series : null}
          shiftMs={shift}
          defs={penDefs}
          normalised={view.mode === 'normalised'}
          from={data.from}
          to={data.to}
          cursor={cursor}
          onZoom={(a, b) => setWindow(zoomTo(a, b))}
        />
      )}
      <p className="muted">Drag the handles of the strip under the chart to zoom into that part.</p>
    </section>
  );
}
