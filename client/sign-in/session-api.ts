import { client } from '../api.ts';
import { setSession, type SessionState } from './session-state.ts';

const session = client.api.session;

/**
 * Asks the server who this page is signed in as. A server that cannot be reached is left for the editor to report in
 * its own words (status `unknown`), so the sign-in page never stands in for "the server is down".
 */
export async function whoAmI(): Promise<SessionState> {
  try {
    const res = await session.$get();
    if (res.status === 401) return { status: 'needed' };
    if (!res.ok) return { status: 'unknown' };
    const body = await res.json();
    if (!body.accessControl) return { status: 'open' };
    return { status: 'signed-in', name: body.name ?? undefined, via: body.via ?? undefined };
  } catch {
    return { status: 'unknown' };
  }
}

/** Trades a token for a session cookie; answers the server's refusal in its words, or undefined when signed in. */
export async function signIn(token: string): Promise<string | undefined> {
  let res: Response;
  try {
    res = await session.$post({ json: { token } });
  } catch {
    return 'The pikaflow server cannot be reached. Is it running?';
  }
  const body = (await res.json().catch(() => ({}))) as { error?: string; name?: string };
  if (!res.ok) return body.error ?? `Signing in failed (${res.status})`;
  setSession({ status: 'signed-in', name: body.name, via: 'cookie' });
  return undefined;
}

/** Ends the session on the server (the cookie is then worthless, wherever a copy of it is). */
export async function signOut(): Promise<void> {
  await session.$delete().catch(() => undefined);
}
