import { useId, useState, type ReactNode } from 'react';
import { signIn } from './session-api.ts';
import './sign-in.css';

/**
 * The sign-in page of a shared pikaflow: one labelled token field and a button. `ended`: a session ran out while the
 * editor was open (shown over it, so the work on the page is still there after signing in again).
 */
export function SignIn({ onSignedIn, ended = false }: { onSignedIn(): void; ended?: boolean }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = useId();
  return (
    <Frame ended={ended} titleId={`${id}-title`}>
      <form
        className="pf-signin__card"
        aria-labelledby={`${id}-title`}
        onSubmit={(e) => {
          e.preventDefault();
          if (!token.trim()) return setError('Paste your access token first');
          setBusy(true);
          void signIn(token).then((problem) => {
            setBusy(false);
            if (problem) setError(problem);
            else onSignedIn();
          });
        }}
      >
        <div className="pf-signin__brand" aria-hidden="true">
          pikaflow
        </div>
        <h1 id={`${id}-title`}>{ended ? 'Sign in again' : 'Sign in'}</h1>
        <p className="pf-signin__lead">
          {ended
            ? 'Your sign-in has ended. Sign in again to carry on: what is on this page is kept.'
            : 'This pikaflow is shared. Sign in with the access token you were given.'}
        </p>
        <label htmlFor={`${id}-token`}>Access token</label>
        <input
          id={`${id}-token`}
          className={`pf-input pf-signin__token${error ? ' is-invalid' : ''}`}
          type="password"
          name="token"
          autoComplete="current-password"
          spellCheck={false}
          autoFocus
          value={token}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
          data-testid="sign-in-token"
          onChange={(e) => {
            setToken(e.target.value);
            setError(undefined);
          }}
        />
        {error ? (
          <p id={`${id}-error`} className="pf-signin__error" role="alert" data-testid="sign-in-error">
            {error}
          </p>
        ) : (
          <p id={`${id}-hint`} className="pf-signin__hint">
            Ask whoever runs this server for your token.
          </p>
        )}
        <button type="submit" className="pf-btn pf-btn--primary pf-signin__submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </Frame>
  );
}

/** A page of its own, or (when a session ended under the editor) a modal dialog over it. */
function Frame({ ended, titleId, children }: { ended: boolean; titleId: string; children: ReactNode }) {
  return ended ? (
    <div
      className="pf-signin pf-signin--over"
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      data-testid="sign-in"
    >
      {children}
    </div>
  ) : (
    <main className="pf-signin" data-testid="sign-in">
      {children}
    </main>
  );
}
