import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, errorText, markOnce } from './api';

export function SignIn({ onSignIn, notice }: { onSignIn: (token: string) => Promise<void>; notice?: string }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    // The first screen is ready for input: `npm run bench:dashboard` reads this mark.
    markOnce('dashboard:sign-in-ready');
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const token = value.trim().replace(/^Bearer\s+/i, '');
    if (!token) {
      setError('Paste an API key or a login token first.');
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSignIn(token);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'That key was not accepted. Check that it is complete and has not been revoked.' : errorText(err));
      setBusy(false);
      input.current?.focus();
    }
  }

  return (
    <main className="center-screen">
      <form className="card signin" method="post" onSubmit={submit} noValidate aria-labelledby="signin-heading">
        <h1 id="signin-heading">WhatsApp Gateway</h1>
        <p className="lead">Sign in to the operator dashboard.</p>
        {notice && !error && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <label htmlFor="api-key">API key</label>
        <input
          ref={input}
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="off"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-describedby="api-key-hint"
          aria-invalid={error ? true : undefined}
          aria-errormessage={error ? 'signin-error' : undefined}
        />
        <p id="api-key-hint" className="hint">
          An API key (<code>wgw_…</code>) or a login token (JWT). It is kept in this browser tab only, until you sign out or
          close the tab.
        </p>
        {error && (
          <p id="signin-error" className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
