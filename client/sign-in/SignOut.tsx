import { signOut } from './session-api.ts';
import { setSession, useSession } from './session-state.ts';
import './sign-in.css';

/**
 * Who is signed in, and "Sign out", for the editor's top bar. Shown only for a session made on this page (a token
 * given some other way cannot be signed out of here); signing out ends it on the server and shows the sign-in page.
 */
export function SignOut() {
  const { status, name, via } = useSession();
  if (status !== 'signed-in' || via !== 'cookie') return null;
  return (
    <span className="pf-signout">
      {name && (
        <span className="pf-signout__name" title={`Signed in as ${name}`} data-testid="signed-in-as">
          {name}
        </span>
      )}
      <button
        type="button"
        className="pf-btn"
        data-testid="sign-out"
        onClick={() => {
          // Signing out, not signed out by surprise: refusals until the reload raise no "Sign in again".
          setSession({ status: 'unknown' });
          void signOut().then(() => location.reload());
        }}
      >
        Sign out
      </button>
    </span>
  );
}
