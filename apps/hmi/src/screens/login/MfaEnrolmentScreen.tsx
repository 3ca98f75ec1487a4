// A session open to MFA enrolment only (engineer or admin under --production): set up two-factor authentication, then the HMI opens.
import type { SessionUserDto } from '@zld/api';
import { useState } from 'react';
import { MfaDialog } from '../password/MfaDialog.js';

export function MfaEnrolmentScreen({
  user,
  onEnabled,
  onLogout,
}: {
  user: SessionUserDto;
  onEnabled: () => void;
  onLogout: () => void;
}) {
  const [open, setOpen] = useState(true);
  const [enabled, setEnabled] = useState(false);
  return (
    <main className="login panel" aria-label="Two-factor authentication required">
      <h1>ZLD SCADA</h1>
      <p data-testid="mfa-required">
        {user.username} ({user.role}): this gateway requires two-factor authentication for your
        role. Set it up to continue.
      </p>
      {enabled ? (
        <button type="button" className="primary" onClick={onEnabled} data-testid="mfa-continue">
          Continue
        </button>
      ) : (
        <button type="button" className="primary" onClick={() => setOpen(true)}>
          Set up two-factor authentication
        </button>
      )}{' '}
      <button type="button" onClick={onLogout}>
        Log out
      </button>
      {open && (
        <MfaDialog
          onClose={() => (enabled ? onEnabled() : setOpen(false))}
          onEnabled={() => setEnabled(true)}
        />
      )}
    </main>
  );
}
