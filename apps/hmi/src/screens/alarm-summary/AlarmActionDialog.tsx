// Acknowledge (with comment) or shelve (with reason and duration) the selected alarms; shows each result.
import { useState } from 'react';
import { Modal } from '../../ui/Modal.js';
import { ackAlarms, shelveAlarms, type ActionResult } from '../../api/alarm-api.js';

/** Shelving durations offered to the operator, minutes (the gateway enforces its own maximum). */
const DURATIONS = [15, 30, 60, 120, 240, 480];

interface Props {
  action: 'ack' | 'shelve';
  ids: readonly string[];
  onClose: () => void;
}

export function AlarmActionDialog({ action, ids, onClose }: Props) {
  const [text, setText] = useState('');
  const [minutes, setMinutes] = useState(60);
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<ActionResult[] | null>(null);
  const needsReason = action === 'shelve';
  const onConfirm = async () => {
    setBusy(true);
    setResults(
      action === 'ack' ? await ackAlarms(ids, text) : await shelveAlarms(ids, minutes, text.trim()),
    );
    setBusy(false);
  };
  return (
    <Modal
      title={
        action === 'ack' ? `Acknowledge ${ids.length} alarm(s)` : `Shelve ${ids.length} alarm(s)`
      }
      onClose={onClose}
      testId={`alarm-${action}-dialog`}
    >
      <p className="muted">{ids.join(', ')}</p>
      {results === null ? (
        <form
          className="grid"
          onSubmit={(e) => {
            e.preventDefault();
            void onConfirm();
          }}
        >
          <label className="grid">
            {needsReason ? 'Reason (required)' : 'Comment (optional)'}
            <textarea
              value={text}
              onChange={(e) => setText(e.target.value)}
              rows={2}
              maxLength={500}
              required={needsReason}
            />
          </label>
          {action === 'shelve' && (
            <label className="row">
              Shelve for
              <select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
                {DURATIONS.map((m) => (
                  <option key={m} value={m}>
                    {m} min
                  </option>
                ))}
              </select>
            </label>
          )}
          <p className="row">
            <button
              type="submit"
              className="primary"
              disabled={busy || (needsReason && text.trim() === '')}
            >
              {action === 'ack' ? 'Acknowledge' : 'Shelve'}
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </p>
        </form>
      ) : (
        <>
          <ul data-testid="alarm-action-results">
            {results.map((r) => (
              <li key={r.id} data-ok={r.ok}>
                {r.id}: {r.ok ? 'done' : `refused - ${r.message}`}
              </li>
            ))}
          </ul>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </>
      )}
    </Modal>
  );
}
