import { useEffect } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { queryClient } from '../query-client.ts';
import { useUi } from '../ui-store.ts';
import { whoAmI } from './session-api.ts';
import { getSession, setSession, useSession } from './session-state.ts';
import { SignIn } from './SignIn.tsx';

/**
 * Before the editor or a form page starts: on a server with access control and no session, the sign-in page takes the
 * whole page until the person has signed in (nothing else calls the API before then). On an open server it resolves
 * at once. Afterwards, a session that ends while the page is open brings the sign-in back over the page.
 */
export async function signInFirst(root: Root): Promise<void> {
  const state = await whoAmI();
  setSession(state);
  if (state.status === 'needed') await new Promise<void>((done) => root.render(<SignIn onSignedIn={done} />));
  mountSignInAgain();
}

/** Its own React root beside the page's, so the page needs no change to be covered by it. */
function mountSignInAgain() {
  const host = document.createElement('div');
  document.body.append(host);
  createRoot(host).render(<SignInAgain />);
}

function SignInAgain() {
  const { status } = useSession();
  useEffect(() => {
    // While the dialog is up, the page behind it takes no focus or clicks (the dialog is modal).
    const page = document.getElementById('root');
    if (page) page.inert = status === 'needed';
  }, [status]);
  if (status !== 'needed') return null;
  return (
    <SignIn
      ended
      onSignedIn={() => {
        if (getSession().status !== 'signed-in') setSession({ status: 'signed-in' });
        // Whatever failed while signed out is asked again (the template list is kept outside react-query).
        void queryClient.invalidateQueries();
        useUi.getState().set({ templatesRev: useUi.getState().templatesRev + 1 });
      }}
    />
  );
}
