// Faceplate section for engineers: change one alarm limit of the tag, with a reason; the gateway checks and audits it.
import type { LimitName, TagDefinitionDto } from '@zld/api';
import { useState, type FormEvent } from 'react';
import { changeAlarmSettings } from '../../api/alarm-api.js';
import { ApiError, AwaitingApproval } from '../../api/http.js';
import { fetchTags } from '../../api/plant-api.js';
import { useLiveStore, useSource } from '../../live/source-context.js';
import { useSession } from '../../session/session-context.js';

const LIMITS: readonly LimitName[] = ['LL', 'L', 'H', 'HH'];

type Outcome = { ok: true; text: string } | { ok: false; text: string } | null;

export function AlarmLimitSettings({ def }: { def: TagDefinitionDto }) {
  const session = useSession();
  const live = useLiveStore();
  const replay = useSource().mode === 'replay';
  const present = LIMITS.filter((n) => def.limits?.[n] !== undefined);
  const [which, setWhich] = useState<LimitName>(present[0] ?? 'H');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  if (present.length === 0 || !session.can('engineer') || replay) return null;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const limit = Number(value.trim());
    if (value.trim() === '' || !Number.isFinite(limit)) {
      setOutcome({ ok: false, text: 'Enter the new limit as a number.' });
      return;
    }
    if (reason.trim() === '') {
      setOutcome({ ok: false, text: 'Give the reason for the change.' });
      return;
    }
    setBusy(true);
    const id = `${def.name}.${which}`;
    try {
      await changeAlarmSettings(id, { limit, reason: reason.trim() });
      setOutcome({ ok: true, text: `${id} is now ${limit} ${def.unit}.` });
      setValue('');
      setReason('');
      // The definitions carry the limits the displays draw: take them again from the gateway.
      live.setTags(await fetchTags());
    } catch (err) {
      if (err instanceof AwaitingApproval) {
        const until = new Date(err.approval.expiresAt).toLocaleTimeString();
        setOutcome({
          ok: true,
          text: `${id}: awaiting approval by a second engineer (Approvals display) until ${until}; the limit is unchanged until then.`,
        });
        setValue('');
        setReason('');
        return;
      }
      setOutcome({
        ok: false,
        text: err instanceof ApiError ? `Refused: ${err.message}` : 'The change failed.',
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-label="Alarm limit settings" data-testid="limit-settings">
      <h3>Alarm limits (engineer)</h3>
      <form onSubmit={(e) => void onSubmit(e)} className="row">
        <label>
          Limit{' '}
          <select
            value={which}
            onChange={(e) => setWhich(e.target.value as LimitName)}
            data-testid="limit-which"
          >
            {present.map((n) => (
              <option key={n} value={n}>
                {n} (now {def.limits![n]} {def.unit})
              </option>
            ))}
          </select>
        </label>
        <label>
          New value{' '}
          <input
            inputMode="decimal"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            size={8}
            data-testid="limit-value"
          />
        </label>
        <label>
          Reason{' '}
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={500}
            data-testid="limit-reason"
          />
        </label>
        <button type="submit" disabled={busy} data-testid="limit-apply">
          Change limit
        </button>
      </form>
      {outcome && (
        <p
          className={outcome.ok ? undefined : 'error-text'}
          role="status"
          data-testid="limit-outcome"
        >
          {outcome.text}
        </p>
      )}
    </section>
  );
}
