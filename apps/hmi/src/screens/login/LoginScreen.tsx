// Login: username and password to `POST /api/auth/login`, then the MFA code when the gateway asks; it sets the HttpOnly session cookie.
import { useState } from 'react';
import { ApiError } from '../../api/http.js';
import { login, loginWithCode, type SignedIn } from '../../api/session-api.js';

export function LoginScreen({ onLogin }: { onLogin: (signedIn: SignedIn) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onSubmit = async () => {
    setBusy(true);
    setError(null);
    try {
      if (challenge !== null) {
        onLogin(await loginWithCode(challenge, code));
        return;
      }
      const outcome = await login(username, password);
      if (outcome.kind === 'mfa') {
        setChallenge(outcome.challenge);
        setPassword('');
      } else onLogin(outcome);
    } catch (err) {
      // An expired or spent challenge needs the password again.
      if (challenge !== null && err instanceof ApiError && /log in again/.test(err.message)) {
        setChallenge(null);
        setCode('');
      }
      setError(err instanceof ApiError ? err.message : 'Login failed.');
    } finally {
      setBusy(false);
    }
  };
  if (challenge !== null)
    return (
      <main className="login panel" aria-label="Log in">
        <h1>ZLD SCADA</h1>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void onSubmit();
          }}
        >
          <label className="grid">
            Code from the authenticator app (or a recovery code)
            <input
              data-testid="login-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              required
              autoFocus
            />
          </label>
          {error && (
            <p className="error-text" role="alert" data-testid="login-error">
              {error}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Checking...' : 'Verify'}
          </button>{' '}
          <button
            type="button"
            onClick={() => {
              setChallenge(null);
              setCode('');
              setError(null);
            }}
          >
            Back
          </button>
        </form>
      </main>
    );
  return (
    <main className="login panel" aria-label="Log in">
      <h1>ZLD SCADA</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void onSubmit();
        }}
      >
        <label className="grid">
          User name
          <input
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
        </label>
        <label className="grid">
          Password
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <p className="error-text" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Logging in...' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
