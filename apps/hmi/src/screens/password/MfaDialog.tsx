// Two-factor authentication of the signed-in user: enrol with a QR code, confirm with a code, recovery codes shown once, turn off.
import type { MfaEnrolmentDto, MfaStatusDto } from '@zld/api';
import { useEffect, useState } from 'react';
import {
  confirmMfa,
  disableMfa,
  mfaStatus,
  newRecoveryCodes,
  startMfaEnrolment,
} from '../../api/mfa-api.js';
import { ApiError } from '../../api/http.js';
import { Modal } from '../../ui/Modal.js';

const messageOf = (err: unknown, fallback: string): string =>
  err instanceof ApiError ? err.message : fallback;

/** `onEnabled`: MFA was turned on (a session open to enrolment only becomes a full one). */
export function MfaDialog({ onClose, onEnabled }: { onClose: () => void; onEnabled?: () => void }) {
  const [status, setStatus] = useState<MfaStatusDto | null>(null);
  const [enrolment, setEnrolment] = useState<MfaEnrolmentDto | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [off, setOff] = useState(false);
  useEffect(() => {
    void mfaStatus()
      .then(setStatus)
      .catch((err: unknown) => setError(messageOf(err, 'The MFA status cannot be read.')));
  }, []);
  const run = async (action: () => Promise<void>, fallback: string) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(messageOf(err, fallback));
    } finally {
      setBusy(false);
    }
  };
  const codeField = (label: string) => (
    <label className="grid">
      {label}
      <input
        data-testid="mfa-code"
        inputMode="numeric"
        autoComplete="one-time-code"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        required
      />
    </label>
  );
  const errorLine = error && (
    <p className="error-text" role="alert" data-testid="mfa-error">
      {error}
    </p>
  );

  let body;
  if (codes) {
    body = (
      <>
        <p role="status" data-testid="mfa-enabled">
          Two-factor authentication is on. Keep these recovery codes somewhere safe, away from this
          workstation: each logs you in once when the authenticator is not at hand. They are not
          shown again.
        </p>
        <ol className="recovery-codes" data-testid="mfa-recovery-codes">
          {codes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ol>
        <button type="button" className="primary" onClick={onClose}>
          Done
        </button>
      </>
    );
  } else if (off) {
    body = (
      <p role="status" data-testid="mfa-off">
        Two-factor authentication is off.
      </p>
    );
  } else if (enrolment) {
    body = (
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            setCodes(await confirmMfa(code));
            onEnabled?.();
          }, 'The code was not accepted.');
        }}
      >
        <p>
          Scan the code with an authenticator app (TOTP, 30 s, 6 digits), or type the key into it.
          Then enter the code it shows.
        </p>
        <img
          src={enrolment.qrCode}
          alt="QR code of the authenticator key"
          width={200}
          height={200}
          className="mfa-qr"
          data-testid="mfa-qr"
        />
        <p>
          Key: <code data-testid="mfa-secret">{enrolment.secret}</code>
        </p>
        {codeField('Code from the app')}
        {errorLine}
        <button type="submit" className="primary" disabled={busy} data-testid="mfa-confirm">
          {busy ? 'Checking...' : 'Turn on'}
        </button>
      </form>
    );
  } else if (status && !status.enabled) {
    body = (
      <>
        <p data-testid="mfa-status">
          Two-factor authentication is off.{' '}
          {status.required
            ? 'It is required for your role: set it up to use the HMI.'
            : 'With it, a login also needs a code from an authenticator app.'}
        </p>
        {errorLine}
        <button
          type="button"
          className="primary"
          disabled={busy}
          data-testid="mfa-start"
          onClick={() =>
            void run(
              async () => setEnrolment(await startMfaEnrolment()),
              'The enrolment did not start.',
            )
          }
        >
          Set up
        </button>
      </>
    );
  } else if (status) {
    body = (
      <form onSubmit={(e) => e.preventDefault()}>
        <p data-testid="mfa-status">
          Two-factor authentication is on; {status.recoveryCodesLeft} recovery codes left.
        </p>
        {codeField('Current code from the app')}
        {errorLine}
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void run(async () => setCodes(await newRecoveryCodes(code)), 'No new codes were made.')
          }
        >
          New recovery codes
        </button>{' '}
        {!status.required && (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void run(async () => {
                await disableMfa(code);
                setOff(true);
              }, 'Two-factor authentication was not turned off.')
            }
          >
            Turn off
          </button>
        )}
      </form>
    );
  } else body = errorLine ?? <p>Loading...</p>;

  return (
    <Modal title="Two-factor authentication" onClose={onClose} testId="mfa-dialog">
      {body}
    </Modal>
  );
}
