// The confirmation dialog for a command: tag, unit, current and new value, limits; nothing is sent before confirm.
import type { TagDto } from '@zld/api';
import { useEffect, useState } from 'react';
import type { CommandOutcome } from '../../model/command-outcome.js';
import { formatNumber } from '../../model/format.js';
import { needsSelect, writeProblems, type WriteValue } from '../../model/write-check.js';
import { formatDuration } from '../../model/time.js';
import { usePlantNow } from '../../live/source-context.js';
import { Modal } from '../../ui/Modal.js';
import { QualityValue } from '../../ui/QualityValue.js';
import { asksForSelect, cancelSelect, operate, selectPoint } from '../../api/command-api.js';

type Step =
  | { kind: 'review' }
  | { kind: 'busy'; text: string }
  | { kind: 'selected'; selectId: string; expiresAt: number }
  | { kind: 'done'; outcome: CommandOutcome };

interface Props {
  tag: TagDto;
  value: WriteValue;
  connectionLost: boolean;
  onClose: () => void;
}

export function WriteDialog({ tag, value, connectionLost, onClose }: Props) {
  const [step, setStep] = useState<Step>({ kind: 'review' });
  const [reason, setReason] = useState('');
  const [sbo, setSbo] = useState(needsSelect(tag));
  // The selection expires in the gateway's clock (plant time when it follows the PLCs).
  const plantNow = usePlantNow();
  const [now, setNow] = useState(() => plantNow());
  const show = (v: number | boolean | null) =>
    `${formatNumber(tag, v)}${tag.unit ? ` ${tag.unit}` : ''}`;
  const problems = writeProblems(tag, tag.value, value);
  const w = tag.write;

  useEffect(() => {
    if (step.kind !== 'selected') return;
    const timer = setInterval(() => setNow(plantNow()), 500);
    return () => clearInterval(timer);
  }, [step.kind]);

  const onSelect = async () => {
    setStep({ kind: 'busy', text: 'Selecting (reserving the point for this session)...' });
    const r = await selectPoint(tag.name, value);
    setStep(
      r.ok
        ? { kind: 'selected', selectId: r.selectId, expiresAt: r.expiresAt }
        : { kind: 'done', outcome: r.outcome },
    );
  };
  const onOperate = async (selectId?: string) => {
    setStep({ kind: 'busy', text: 'Sending and waiting for the PLC read-back...' });
    const outcome = await operate(tag.name, value, show, {
      ...(selectId ? { selectId } : {}),
      reason,
    });
    if (!selectId && asksForSelect(outcome)) setSbo(true);
    setStep({ kind: 'done', outcome });
  };
  const onCancelSelect = async () => {
    setStep({ kind: 'busy', text: 'Cancelling the selection...' });
    await cancelSelect(tag.name);
    onClose();
  };

  return (
    <Modal
      title={`Confirm command: ${tag.name}`}
      onClose={step.kind === 'selected' ? onCancelSelect : onClose}
      testId="write-dialog"
    >
      <dl>
        <dt>Tag</dt>
        <dd data-testid="write-tag">
          {tag.name} - {tag.description}
        </dd>
        <dt>Unit</dt>
        <dd>{tag.unit || '-'}</dd>
        <dt>Current value</dt>
        <dd data-testid="write-current">
          <QualityValue tag={tag} connectionLost={connectionLost} />
        </dd>
        <dt>New value</dt>
        <dd data-testid="write-new">
          <strong>{show(value)}</strong>
        </dd>
        <dt>Limits</dt>
        <dd data-testid="write-limits">
          {w?.min !== undefined || w?.max !== undefined
            ? `${w?.min ?? '-inf'} ... ${w?.max ?? '+inf'} ${tag.unit}`
            : 'none'}
          {w?.maxStep !== undefined ? `; at most ${w.maxStep} ${tag.unit} per step` : ''}
        </dd>
        {sbo && (
          <>
            <dt>Procedure</dt>
            <dd>Critical point: select first, then operate.</dd>
          </>
        )}
      </dl>
      {problems.length > 0 && (
        <p className="error-text" data-testid="write-problems">
          Not allowed: {problems.join('; ')}.
        </p>
      )}
      {step.kind === 'review' && (
        <>
          <label className="row">
            Reason (optional)
            <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
          </label>
          <p className="row">
            <button
              type="button"
              className="primary"
              disabled={problems.length > 0}
              onClick={sbo ? onSelect : () => onOperate()}
              data-testid="write-confirm"
            >
              {sbo ? 'Confirm and select' : 'Confirm and send'}
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </p>
        </>
      )}
      {step.kind === 'busy' && (
        <p className="outcome" role="status">
          {step.text}
        </p>
      )}
      {step.kind === 'selected' && (
        <>
          <p className="outcome" role="status" data-testid="write-selected">
            Selected. Operate within {formatDuration(Math.max(0, step.expiresAt - now))}.
          </p>
          <p className="row">
            <button
              type="button"
              className="primary"
              onClick={() => onOperate(step.selectId)}
              disabled={now > step.expiresAt}
              data-testid="write-operate"
            >
              Operate
            </button>
            <button type="button" onClick={onCancelSelect}>
              Cancel selection
            </button>
          </p>
        </>
      )}
      {step.kind === 'done' && (
        <>
          <p
            className={`outcome ${step.outcome.kind}`}
            role="status"
            data-testid="write-outcome"
            data-outcome={step.outcome.kind}
          >
            {step.outcome.text}
          </p>
          <p className="row">
            {step.outcome.kind === 'refused' && sbo && asksForSelect(step.outcome) && (
              <button type="button" onClick={onSelect}>
                Select and retry
              </button>
            )}
            <button type="button" onClick={onClose}>
              Close
            </button>
          </p>
        </>
      )}
    </Modal>
  );
}
