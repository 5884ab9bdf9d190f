import { MenuButton } from '../top-bar/MenuButton.tsx';
import { signOut } from './session-api.ts';
import { setSession, useSession } from './session-state.ts';
import './sign-in.css';

/**
 * Who is signed in, at the top bar's far right as in Figma or n8n: a round chip with the person's initial (their name
 * is its accessible name and tooltip) opening a small menu that names them and offers Sign out. Shown only for a
 * session made on this page (a token given some other way cannot be signed out of here); signing out ends it on the
 * server and shows the sign-in page.
 */
export function SignOut() {
  const { status, name, via } = useSession();
  if (status !== 'signed-in' || via !== 'cookie') return null;
  const who = name || 'Signed in';
  return (
    <MenuButton
      label="Account"
      className="pf-account"
      title={name ? `Signed in as ${name}` : 'Signed in'}
      testId="account"
      menuTestId="account-menu"
      header={
        <div className="pf-account__who">
          Signed in as <b>{who}</b>
        </div>
      }
      items={() => [
        {
          label: 'Sign out',
          testId: 'sign-out',
          run: () => {
            // Signing out, not signed out by surprise: refusals until the reload raise no "Sign in again".
            setSession({ status: 'unknown' });
            void signOut().then(() => location.reload());
          },
        },
      ]}
    >
      <span className="pf-account__initial" aria-hidden="true">
        {(name || '?').slice(0, 1).toUpperCase()}
      </span>
      {/* The button's accessible name: the person's name, read out in full though only its initial is drawn. */}
      <span className="pf-visually-hidden" data-testid="signed-in-as">
        {who}
      </span>
    </MenuButton>
  );
}
