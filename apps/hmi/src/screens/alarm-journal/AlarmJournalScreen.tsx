// Level-4 alarm journal: every alarm state change in a window (`GET /api/alarms/journal?from&to`).
import type { AlarmJournalEntryDto } from '@zld/api';
import { useEffect, useMemo, useState } from 'react';
import { fetchJournal } from '../../api/alarm-api.js';
import { usePlantNow, useReplayTime } from '../../live/source-context.js';
import { priorityRank } from '../../model/priority.js';
import { DAY, HOUR, formatTime, fromInputValue, toInputValue, toMs } from '../../model/time.js';
import { PriorityIcon } from '../../ui/PriorityIcon.js';

const SPANS = [
  { label: '1 h', ms: HOUR },
  { label: '8 h', ms: 8 * HOUR },
  { label: '24 h', ms: DAY },
  { label: '7 d', ms: 7 * DAY },
];

export function AlarmJournalScreen() {
  const cursor = useReplayTime();
  const plantNow = usePlantNow();
  const [win, setWin] = useState(() => {
    const to = cursor ?? plantNow();
    return { from: to - 8 * HOUR, to };
  });
  const [entries, setEntries] = useState<AlarmJournalEntryDto[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState('');

  useEffect(() => {
    const ctrl = new AbortController();
    setError(null);
    fetchJournal(win.from, win.to, ctrl.signal)
      .then((e) => setEntries(e))
      .catch(
        (err: unknown) =>
          !ctrl.signal.aborted && setError(err instanceof Error ? err.message : String(err)),
      );
    return () => ctrl.abort();
  }, [win]);

  const rows = useMemo(() => {
    const q = text.trim().toLowerCase();
    return entries
      .filter((e) => (cursor === null ? true : toMs(e.ts) <= cursor))
      .filter(
        (e) =>
          q === '' ||
          `${e.alarmId} ${e.message ?? ''} ${e.tag} ${e.kind} ${e.user ?? ''} ${e.comment ?? ''}`
            .toLowerCase()
            .includes(q),
      )
      .sort((a, b) => toMs(b.ts) - toMs(a.ts) || b.seq - a.seq);
  }, [entries, text, cursor]);

  return (
    <section aria-label="Alarm journal" data-display-level={4}>
      <h1>Alarm journal</h1>
      <div className="row panel">
        {SPANS.map((s) => (
          <button
            key={s.label}
            type="button"
            onClick={() => {
              const to = cursor ?? plantNow();
              setWin({ from: to - s.ms, to });
            }}
          >
            Last {s.label}
          </button>
        ))}
        <label className="row">
          From (UTC)
          <input
            type="datetime-local"
            value={toInputValue(win.from)}
            onChange={(e) => {
              const t = fromInputValue(e.target.value);
              if (Number.isFinite(t) && t < win.to) setWin((w) => ({ ...w, from: t }));
            }}
          />
        </label>
        <label className="row">
          To (UTC)
          <input
            type="datetime-local"
            value={toInputValue(win.to)}
            onChange={(e) => {
              const t = fromInputValue(e.target.value);
              if (Number.isFinite(t) && t > win.from) setWin((w) => ({ ...w, to: t }));
            }}
          />
        </label>
        <label className="row">
          Search
          <input value={text} onChange={(e) => setText(e.target.value)} />
        </label>
      </div>
      {error && <p className="error-text">Journal unavailable: {error}</p>}
      <table data-testid="journal-table">
        <thead>
          <tr>
            <th scope="col">Time (UTC)</th>
            <th scope="col">Priority</th>
            <th scope="col">Alarm</th>
            <th scope="col">Change</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Value / quality</th>
            <th scope="col">User / comment</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={`${e.seq}-${e.alarmId}`}>
              <td>{formatTime(toMs(e.ts))}</td>
              <td>
                {priorityRank(e.priority) < 99 ? (
                  <PriorityIcon priority={e.priority} />
                ) : (
                  e.priority
                )}
              </td>
              <td>
                {e.alarmId}
                {e.message ? <span className="journal-message">{e.message}</span> : null}
              </td>
              <td>{e.kind}</td>
              <td>{e.from}</td>
              <td>{e.to}</td>
              <td>
                {e.value === null || e.value === undefined ? '-' : String(e.value)}{' '}
                {e.quality && e.quality !== 'Good' ? `(${e.quality})` : ''}
              </td>
              <td>
                {e.user ?? ''}
                {e.comment ? `: ${e.comment}` : ''}
              </td>
            </tr>
          ))}
          {rows.length === 0 && !error && (
            <tr>
              <td colSpan={8} className="muted">
                No alarm changes in this window.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
