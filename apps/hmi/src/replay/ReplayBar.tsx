// The time conductor shown on every display during a replay: REPLAY flag, play/pause/step, speed, scrub, exit.
import { useSyncExternalStore } from 'react';
import { REPLAY_SPEEDS } from '../model/replay-clock.js';
import { formatTime, toMs } from '../model/time.js';
import { formatHash } from '../model/route.js';
import { useReplay } from './replay-controller.js';

export function ReplayBar() {
  const r = useReplay();
  const store = r.store;
  const cursor = useSyncExternalStore(store ? store.subscribe : () => () => undefined, () =>
    store ? store.time() : 0,
  );
  if (!store || !r.clock) return null;
  const { from, to } = store.data;
  const c = r.clock;
  const marks = [
    ...store.data.journal
      .filter((e) => toMs(e.ts) >= from)
      .map((e) => ({ t: toMs(e.ts), kind: 'alarm' })),
    ...store.data.audit.map((e) => ({ t: toMs(e.time), kind: 'action' })),
  ].filter((m) => m.t >= from && m.t <= to);
  return (
    <div
      className="replay-bar"
      role="region"
      aria-label="Replay time conductor"
      data-testid="replay-bar"
    >
      <span className="replay-flag">REPLAY</span>
      <output aria-label="Replay cursor (UTC)" data-testid="replay-cursor" data-t={cursor}>
        {formatTime(cursor)}
      </output>
      <button type="button" onClick={() => r.step(-1)} aria-label="Step back">
        Step back
      </button>
      {c.playing ? (
        <button type="button" onClick={r.pause} data-testid="replay-pause">
          Pause
        </button>
      ) : (
        <button type="button" onClick={r.play} data-testid="replay-play">
          Play
        </button>
      )}
      <button type="button" onClick={() => r.step(1)} aria-label="Step forward">
        Step forward
      </button>
      <label className="row">
        Speed
        <select
          value={c.speed}
          onChange={(e) => r.setSpeed(Number(e.target.value))}
          data-testid="replay-speed"
        >
          {REPLAY_SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}x
            </option>
          ))}
        </select>
      </label>
      <input
        type="range"
        min={from}
        max={to}
        step={1000}
        value={cursor}
        onChange={(e) => r.scrub(Number(e.target.value))}
        aria-label="Scrub"
        list="replay-marks"
        data-testid="replay-scrub"
      />
      <datalist id="replay-marks">
        {marks.slice(0, 500).map((m, i) => (
          <option key={i} value={m.t} label={m.kind} />
        ))}
      </datalist>
      <span>
        {formatTime(from)} - {formatTime(to)}
      </span>
      <a href={formatHash('replay')} style={{ color: '#fff' }}>
        Timeline
      </a>
      <button type="button" onClick={r.exit} data-testid="replay-exit">
        Exit replay
      </button>
    </div>
  );
}
