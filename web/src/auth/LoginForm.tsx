import { useState, type FormEvent } from 'react';
import { checkToken, describeError } from '../api/client';

/** Asks for the API token that `cwsync serve` printed on its first start (or `cwsync token create` made). */
export function LoginForm({ onSignedIn, notice }: { onSignedIn: (token: string) => void; notice?: string }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>(notice);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const value = token.trim();
    if (value === '') {
      setError('Enter the API token.');
      return;
    }
    setBusy(true);
    try {
      if ((await checkToken(value)) === 'refused') {
        setError('That token is wrong or revoked: the server refused it.');
      } else {
        onSignedIn(value);
      }
    } catch (failure) {
      setError(`The server could not be reached: ${describeError(failure)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <h1>cwsync</h1>
      <form onSubmit={submit} aria-describedby="login-help">
        <label htmlFor="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="current-password"
          autoFocus
          value={token}
          onChange={(event) => setToken(event.target.value)}
          aria-invalid={error !== undefined}
          aria-describedby={error !== undefined ? 'login-error' : undefined}
        />
        <p id="login-help" className="hint">
          The token <code>npx cwsync serve</code> printed on its first start, or one from{' '}
          <code>npx cwsync token create</code>.
        </p>
        {error !== undefined && (
          <p id="login-error" role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
