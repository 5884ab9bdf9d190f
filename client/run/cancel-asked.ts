import { create } from 'zustand';

/**
 * Runs whose cancel the server has accepted and which have not ended yet. A cancel can take a while to land: a fal
 * job that already finished is fetched first (it was billed), and on a team server the worker holding the run, or the
 * next one to take it, ends it. Until then the run bar says "Cancelling…" instead of a plain "Running" with a Cancel
 * button that seems to have done nothing. Not run state (the shared reducer owns that): what this browser asked, plus
 * what the server says was asked (`cancelRequested` on the run), so a reload still shows it.
 */
export const useCancelAsked = create<{ ids: ReadonlySet<string> }>()(() => ({ ids: new Set() }));

export function markCancelAsked(runId: string): void {
  useCancelAsked.setState((s) => ({ ids: new Set(s.ids).add(runId) }));
}

/** The server refused or could not be reached: the run goes on, and the button is offered again. */
export function unmarkCancelAsked(runId: string): void {
  useCancelAsked.setState((s) => {
    const ids = new Set(s.ids);
    ids.delete(runId);
    return { ids };
  });
}
