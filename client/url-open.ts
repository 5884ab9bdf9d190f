import { TERMINAL_RUN } from '../shared/events.ts';
import { api, ApiError } from './api.ts';
import { openOrAsk } from './open-guard.ts';
import { follow } from './run/run-controller.ts';
import type { EditorStore } from './store/editor-store.ts';
import { runFromDetail } from './store/run-state.ts';
import { open } from './templates/template-actions.ts';

/**
 * Links into the editor from the app page and the batch gallery: `?template=<id>` opens a template, `?run=<id>` the
 * graph a run actually ran (template inputs applied) with its node states. Both are ordinary loads: they ask before
 * replacing unsaved work (the restored draft) and are one undo step.
 */
export async function openFromUrl(store: EditorStore): Promise<void> {
  const q = new URLSearchParams(location.search);
  const template = q.get('template');
  const runId = q.get('run');
  if (!template && !runId) return;
  history.replaceState(null, '', location.pathname);
  if (template) return open(store, template);
  try {
    const detail = await api.getRun(runId!);
    openOrAsk(store, {
      what: 'the run from your link',
      nodeCount: detail.graph.nodes.length,
      open: () => {
        store
          .getState()
          .load(detail.graph, { name: detail.graph.name ?? `Run ${runId!.slice(0, 8)}` }, { dirty: true });
        store.getState().setRun(runFromDetail(detail));
        if (!TERMINAL_RUN.includes(detail.status)) follow(store, detail.id);
      },
    });
  } catch (err) {
    store.getState().toast('error', `Cannot open run: ${err instanceof ApiError ? err.message : String(err)}`);
  }
}
