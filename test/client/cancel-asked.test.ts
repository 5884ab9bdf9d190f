import { afterEach, describe, expect, it, vi } from 'vitest';
import { useCancelAsked } from '../../client/run/cancel-asked.ts';
import { cancelRun } from '../../client/run/run-controller.ts';
import { createEditorStore } from '../../client/store/editor-store.ts';
import { emptyRun } from '../../client/store/run-state.ts';

/**
 * Cancel says "Cancelling…" the moment it is pressed: the server answers only once the run has stopped, which can wait
 * for a result fal already billed (or, on a team server, for a worker). A refused cancel gives the button back.
 */
describe('cancel asked', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is marked before the server answers, and unmarked with a toast when the server refuses', async () => {
    const store = createEditorStore();
    store.getState().setRun({ ...emptyRun('run-slow'), status: 'running' });
    let answer: (r: Response) => void = () => {};
    vi.stubGlobal(
      'fetch',
      vi.fn(() => new Promise<Response>((ok) => (answer = ok))),
    );
    const cancelling = cancelRun(store);
    expect(useCancelAsked.getState().ids.has('run-slow')).toBe(true);
    answer(Response.json({ error: 'The run is already completed' }, { status: 409 }));
    await cancelling;
    expect(useCancelAsked.getState().ids.has('run-slow')).toBe(false);
    expect(store.getState().toasts.at(-1)?.message).toMatch(/Cancel failed: The run is already completed/);
  });
});
