import type { EditorStore } from '../store/editor-store.ts';
import { usd } from './engine-words.ts';
import { nameNodes, nodeName } from './node-names.ts';

/** The toast at a run's end: how it went, in the designer's words and node names. */

/** What the last run's end said, cleared when another run starts so a stale "failed" never sits beside its success. */
let announced: string[] = [];

export function announce(store: EditorStore): void {
  const run = store.getState().run;
  if (!run) return;
  const { toast, nodes } = store.getState();
  const say = (kind: 'success' | 'error' | 'info', message: string, target?: { nodeId: string }) => {
    announced.push(message);
    toast(kind, message, undefined, target);
  };
  // A failure toast is about the first failed node: a click on it goes there.
  const failed = nodes.find((n) => run.nodes[n.id]?.state === 'failed');
  // A preview spent nothing: its estimate is what fal would have charged, never a cost.
  if (run.status === 'completed' && run.engine === 'local')
    say('success', `Preview finished · free${run.estimate ? ` (would cost ${usd(run.estimate)} on fal)` : ''}`);
  else if (run.status === 'completed') say('success', `Run finished${run.cost ? ` · ${usd(run.cost)}` : ''}`);
  const unsure = nodes.filter((n) => run.nodes[n.id]?.state === 'uncertain').map((n) => `“${nodeName(n)}”`);
  if (run.status === 'failed' && unsure.length)
    say(
      'info',
      run.engine === 'local'
        ? `${unsure.join(', ')} got no answer from the preview engine: submit again from the node (free).`
        : `${unsure.join(', ')} may have a job on fal: check your fal dashboard, then choose on the node.`,
    );
  else if (run.status === 'failed')
    say(
      'error',
      `Run failed: ${run.message ? nameNodes(run.message, nodes) : 'see the red nodes'}`,
      failed && { nodeId: failed.id },
    );
  if (run.status === 'cancelled') say('info', 'Run cancelled');
}

/** Takes down what the previous run's end announced (its outcome is no longer the canvas's news). */
export function clearAnnounced(store: EditorStore): void {
  const { toasts, dismissToast } = store.getState();
  for (const t of toasts) if (announced.includes(t.message)) dismissToast(t.id);
  announced = [];
}
