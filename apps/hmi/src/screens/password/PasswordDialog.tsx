// The signed-in user changes their own password, giving the current one (`POST /api/auth/password`).
import { useState } from 'react';
import { ApiError } from '../../api/http.js';
import { changeOwnPassword } from '../../api/session-api.js';
import { Modal } from '../../ui/Modal.js';

export function PasswordDialog({ onClose }: { onClose: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const onSubmit = async () => {
    if (next !== repeat) {
      setError('The new passwords differ.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await changeOwnPassword(current, next);
      setDone(true);
    } catch (err) {
      // The gateway says why (a wrong current password, too easy to guess, too many tries).
      setError(err instanceof ApiError ? err.message : 'The password was not changed.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="Change your password" onClose={onClose} testId="password-dialog">
      {done ? (
        <p role="status" data-testid="password-changed">
          Password changed. Your other sessions have ended.
        </p>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void onSubmit();
          }}
        >
          <label className="grid">
            Current password
            <input
              type="password"
              autoComplete="current-password"
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
              required
            />
          </label>
          <label className="grid">
            New password (at least 12 characters, hard to guess: several uncommon words)
            <input
              type="password"
              autoComplete="new-password"
              value={next}
              onChange={(e) => setNext(e.target.value)}
              required
            />
          </label>
          <label className="grid">
            New password again
            <input
              type="password"
              autoComplete="new-password"
              value={repeat}
              onChange={(e) => setRepeat(e.target.value)}
              required
            />
          </label>
          {error && (
            <p className="error-text" role="alert" data-testid="password-error">
              {error}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Changing...' : 'Change password'}
          </button>
        </form>
      )}
    </Modal>
  );
}
