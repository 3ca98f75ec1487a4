// Two-person approvals: pending requests on what the plant file marks critical, approved (the approver's password), rejected or cancelled here.
import type { ApprovalDto } from '@zld/api';
import { useEffect, useState, useSyncExternalStore, type FormEvent } from 'react';
import {
  approveRequest,
  cancelRequest,
  fetchApprovals,
  rejectRequest,
} from '../../api/approval-api.js';
import { ApiError } from '../../api/http.js';
import { useLiveStore } from '../../live/source-context.js';
import { useSession } from '../../session/session-context.js';

type Outcome = { ok: boolean; text: string } | null;

const time = (iso: string | null) => (iso === null ? '' : new Date(iso).toLocaleTimeString());
const shown = (v: unknown) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
const failure = (err: unknown) =>
  err instanceof ApiError ? `Refused: ${err.message}` : 'The request failed.';

/** The pending requests first, then the recent decisions; the list follows the `approvals` event. */
export function ApprovalsScreen() {
  const book = useLiveStore().approvals;
  const list = useSyncExternalStore(book.subscribe, book.list);
  const [outcome, setOutcome] = useState<Outcome>(null);
  useEffect(() => {
    const ctl = new AbortController();
    fetchApprovals(ctl.signal)
      .then((all) => book.replace(all))
      .catch(() => undefined);
    return () => ctl.abort();
  }, [book]);
  const pending = list.filter((a) => a.state === 'pending');
  const decided = list.filter((a) => a.state !== 'pending');
  const onDone = (a: ApprovalDto | null, text: string, ok: boolean) => {
    if (a) book.apply([a]);
    setOutcome({ ok, text });
  };

  return (
    <div data-testid="approvals">
      <h1>Approvals</h1>
      <p className="muted">
        What the plant file marks for two-person approval waits here until a second user with the
        role approves it with their own password, or it expires.
      </p>
      {outcome && (
        <p
          className={outcome.ok ? undefined : 'error-text'}
          role="status"
          data-testid="approval-outcome"
        >
          {outcome.text}
        </p>
      )}
      <h2>Pending</h2>
      <table data-testid="approvals-pending">
        <thead>
          <tr>
            <th>Requested</th>
            <th>By</th>
            <th>What</th>
            <th>Now</th>
            <th>Asked</th>
            <th>Reason</th>
            <th>Expires</th>
            <th>Action</th>
          </tr>
        </thead>
        <tbody>
          {pending.length === 0 && (
            <tr>
              <td colSpan={8} className="muted">
                No request waits for approval.
              </td>
            </tr>
          )}
          {pending.map((a) => (
            <PendingRow key={a.id} a={a} onDone={onDone} />
          ))}
        </tbody>
      </table>
      <h2>Recent decisions</h2>
      <table data-testid="approvals-decided">
        <thead>
          <tr>
            <th>Decided</th>
            <th>What</th>
            <th>Requested by</th>
            <th>State</th>
            <th>Decided by</th>
            <th>Comment</th>
          </tr>
        </thead>
        <tbody>
          {decided.map((a) => (
            <tr key={a.id} data-approval-id={a.id} data-state={a.state}>
              <td>{time(a.decidedAt)}</td>
              <td>{a.summary}</td>
              <td>{a.requestedBy}</td>
              <td>{a.state}</td>
              <td>{a.decidedBy ?? ''}</td>
              <td>{a.comment ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One pending request: the requester sees it awaiting approval and may cancel; others approve or reject. */
function PendingRow({
  a,
  onDone,
}: {
  a: ApprovalDto;
  onDone: (a: ApprovalDto | null, text: string, ok: boolean) => void;
}) {
  const session = useSession();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const own = a.requestedBy === session.user.username;
  const may = !own && session.can(a.requiredRole);

  const run = async (what: () => Promise<ApprovalDto>, done: (r: ApprovalDto) => string) => {
    setBusy(true);
    try {
      const r = await what();
      onDone(r, done(r), true);
    } catch (err) {
      const approval = err instanceof ApiError ? (err.details['approval'] as ApprovalDto) : null;
      onDone(approval ?? null, failure(err), false);
    } finally {
      setBusy(false);
      setPassword('');
      setCode('');
    }
  };
  const onApprove = (e: FormEvent) => {
    e.preventDefault();
    if (password === '') return;
    void run(
      () => approveRequest(a.id, password, code),
      (r) => `${r.summary}: approved and applied.`,
    );
  };

  return (
    <tr data-approval-id={a.id} data-state={a.state}>
      <td>{time(a.requestedAt)}</td>
      <td>{a.requestedBy}</td>
      <td>{a.summary}</td>
      <td>{shown(a.oldValue)}</td>
      <td>{shown(a.newValue)}</td>
      <td>{a.reason ?? ''}</td>
      <td>{time(a.expiresAt)}</td>
      <td>
        {own && (
          <span className="row">
            <span data-testid="awaiting-approval">Awaiting approval</span>
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                void run(
                  () => cancelRequest(a.id),
                  (r) => `${r.summary}: cancelled.`,
                )
              }
            >
              Cancel
            </button>
          </span>
        )}
        {may && (
          <form className="row" onSubmit={onApprove}>
            <label>
              Your password{' '}
              <input
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                data-testid="approval-password"
              />
            </label>
            <label>
              Two-factor code (if you use it){' '}
              <input
                inputMode="numeric"
                autoComplete="one-time-code"
                value={code}
                onChange={(e) => setCode(e.target.value)}
                size={8}
                data-testid="approval-code"
              />
            </label>
            <button type="submit" disabled={busy || password === ''}>
              Approve
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                void run(
                  () => rejectRequest(a.id),
                  (r) => `${r.summary}: rejected.`,
                )
              }
            >
              Reject
            </button>
          </form>
        )}
        {!own && !may && <span className="muted">needs the {a.requiredRole} role</span>}
      </td>
    </tr>
  );
}
