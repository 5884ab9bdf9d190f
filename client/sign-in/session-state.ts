import { useSyncExternalStore } from 'react';

/**
 * Who is signed in, as the page knows it. `needed`: the server asked for a sign-in (no session yet, or it ended);
 * `open`: this server has no access control. Kept apart from the calls so client/api.ts can report a 401 here
 * without importing the client it is part of.
 */
export interface SessionState {
  status: 'unknown' | 'open' | 'signed-in' | 'needed';
  /** The signed-in person's name. */
  name?: string;
  /** `cookie`: signed in through this page, so it can sign out here. */
  via?: 'cookie' | 'bearer' | 'query';
}

let state: SessionState = { status: 'unknown' };
/** Counts sign-ins: a 401 to a request sent before the latest one says nothing about the session it made. */
let epoch = 0;
const listeners = new Set<() => void>();

export function setSession(next: SessionState) {
  if (next.status === 'signed-in' && state.status !== 'signed-in') epoch++;
  state = next;
  for (const l of listeners) l();
}

export const getSession = () => state;
/** Taken when a request is sent, and handed back to `sessionEnded` if it is refused. */
export const sessionEpoch = () => epoch;

/** The server answered 401 to a request sent at `sentAt`: the session ended (expired, signed out elsewhere). */
export function sessionEnded(sentAt = epoch) {
  // Only a signed-in page has a session to lose (not one that is signing out, nor an open server).
  if (sentAt === epoch && state.status === 'signed-in') setSession({ status: 'needed' });
}

export function useSession(): SessionState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}
