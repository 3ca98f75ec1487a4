// Level-4 replay: pick a past window and load it; the alarm journal and operator actions on the same timeline.
import type { AuditRecordDto } from '@zld/api';
import { useMemo, useState } from 'react';
import { usePlantNow } from '../../live/source-context.js';
import { useReplay } from '../../replay/replay-controller.js';
import { HOUR, formatTime, fromInputValue, toInputValue, toMs } from '../../model/time.js';
import { PriorityIcon } from '../../ui/PriorityIcon.js';
import { useSyncExternalStore } from 'react';

const QUICK = [
  { label: 'Last hour', ms: HOUR },
  { label: 'Last 8 h', ms: 8 * HOUR },
  { label: 'Last 24 h', ms: 24 * HOUR },
];

/** One line of the audit trail for people: who did what to which target, and how it ended. */
export function auditSummary(e: AuditRecordDto): string {
  const target = e.target ? ` ${e.target}` : '';
  const change =
    e.oldValue !== null || e.newValue !== null
      ? ` ${JSON.stringify(e.oldValue)} -> ${JSON.stringify(e.newValue)}`
      : '';
  const reason = e.reason ? ` (${e.reason})` : '';
  return `${e.user ?? 'system'}: ${e.action}${target}${change} - ${e.outcome}${reason}`;
}

export function ReplayScreen() {
  const r = useReplay();
  const plantNow = usePlantNow();
  const [from, setFrom] = useState(() => plantNow() - HOUR);
  const [to, setTo] = useState(() => plantNow());
  const store = r.store;
  const cursor = useSyncExternalStore(store ? store.subscribe : () => () => undefined, () =>
    store ? store.time() : 0,
  );
  const timeline = useMemo(() => {
    if (!store) return [];
    const { from: a, to: b } = store.data;
    const alarms = store.data.journal
      .filter((e) => toMs(e.ts) >= a && toMs(e.ts) <= b)
      .map((e) => ({ t: toMs(e.ts), key: `j${e.seq}`, kind: 'alarm' as const, e }));
    const actions = store.data.audit
      .filter((e) => toMs(e.time) >= a && toMs(e.time) <= b)
      .map((e) => ({ t: toMs(e.time), key: `a${e.seq}`, kind: 'action' as const, e }));
    return [...alarms, ...actions].sort((x, y) => x.t - y.t);
  }, [store]);

  return (
    <section aria-label="Replay" data-display-level={4}>
      <h1>Replay</h1>
      <div className="panel grid">
        <p className="muted">
          Pick a past window and load it. Every display then shows the plant as it was at the cursor
          (values from history, alarms from the journal) until you exit the replay.
        </p>
        <div className="row">
          {QUICK.map((q) => (
            <button
              key={q.label}
              type="button"
              onClick={() => {
                const now = plantNow();
                setFrom(now - q.ms);
                setTo(now);
              }}
            >
              {q.label}
            </button>
          ))}
          <label className="row">
            From (UTC)
            <input
              type="datetime-local"
              value={toInputValue(from)}
              onChange={(e) => setFrom(fromInputValue(e.target.value))}
            />
          </label>
          <label className="row">
            To (UTC)
            <input
              type="datetime-local"
              value={toInputValue(to)}
              onChange={(e) => setTo(fromInputValue(e.target.value))}
            />
          </label>
          <button
            type="button"
            className="primary"
            disabled={r.loading || !(to > from)}
            onClick={() => r.start(from, to)}
            data-testid="replay-load"
          >
            {r.loading ? 'Loading...' : 'Load and replay'}
          </button>
        </div>
        {r.error && <p className="error-text">Replay could not load: {r.error}</p>}
      </div>
      {store && (
        <section aria-label="Timeline" className="panel" style={{ marginTop: 10 }}>
          <h2>
            Timeline: {timeline.filter((x) => x.kind === 'alarm').length} alarm changes,{' '}
            {timeline.filter((x) => x.kind === 'action').length} operator actions
          </h2>
          <div className="timeline-list">
            <table data-testid="replay-timeline">
              <thead>
                <tr>
                  <th scope="col">Time (UTC)</th>
                  <th scope="col">Kind</th>
                  <th scope="col">What</th>
                  <th scope="col">Go</th>
                </tr>
              </thead>
              <tbody>
                {timeline.map((x) => (
                  <tr
                    key={x.key}
                    aria-current={x.t <= cursor && cursor - x.t < 1000 ? 'true' : undefined}
                  >
                    <td>{formatTime(x.t)}</td>
                    <td>
                      {x.kind === 'alarm' ? (
                        <span className="row">
                          <PriorityIcon priority={x.e.priority} /> alarm
                        </span>
                      ) : (
                        'operator action'
                      )}
                    </td>
                    <td>
                      {x.kind === 'alarm'
                        ? `${x.e.alarmId} ${x.e.kind}: ${x.e.from} -> ${x.e.to}${x.e.user ? ` by ${x.e.user}` : ''}${x.e.comment ? ` (${x.e.comment})` : ''}`
                        : auditSummary(x.e)}
                    </td>
                    <td>
                      <button type="button" onClick={() => r.scrub(x.t)}>
                        Jump
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </section>
  );
}
