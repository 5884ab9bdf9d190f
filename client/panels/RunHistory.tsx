import { useEffect, useState } from 'react';
import type { RunSummary } from '../../shared/api.ts';
import { api, ApiError } from '../api.ts';
import { isMediaValue } from '../canvas/media-urls.ts';
import { OutputThumb } from '../canvas/OutputThumb.tsx';
import { costWords, ENGINE_HELP, ENGINE_TAG } from '../run/engine-words.ts';
import { useEditor, useEditorStore } from '../store/context.tsx';
import { sameWork } from '../store/graph-doc.ts';
import { runFromDetail } from '../store/run-state.ts';
import { openOrAsk } from '../open-guard.ts';

/**
 * Past runs of the open template: status, which engine made them, money spent (or, for previews, what fal would have
 * charged), outputs; clicking one shows its node states on the canvas (opening the graph it ran, when that differs).
 */
export function RunHistory() {
  const store = useEditorStore();
  const graphId = useEditor((s) => s.template.id);
  const runStatus = useEditor((s) => s.run?.status);
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [error, setError] = useState('');
  // biome-ignore lint/correctness/useExhaustiveDependencies: a change of run status is the trigger to list runs again
  useEffect(() => {
    if (!graphId) return;
    api.listRuns(graphId).then(setRuns, (err) => setError(err instanceof ApiError ? err.message : String(err)));
  }, [graphId, runStatus]);
  if (!graphId)
    return <div className="pf-pad pf-muted">Save this pipeline as a template to keep a history of its runs.</div>;
  const show = async (id: string) => {
    try {
      const detail = await api.getRun(id);
      const run = runFromDetail(detail);
      // The canvas still is the graph that ran: show its node states on it. Otherwise that run's graph is a load.
      if (sameWork(store.getState().graph(), detail.graph)) return store.getState().setRun(run);
      openOrAsk(store, {
        what: `the run of ${new Date(detail.createdAt).toLocaleString()}`,
        nodeCount: detail.graph.nodes.length,
        open: () => {
          // Still this template (its history stays in view): saving it makes that run's graph the next version.
          store.getState().load(detail.graph, { ...store.getState().template }, { dirty: true });
          store.getState().setRun(run);
          store.getState().toast('info', 'Opened the graph of that run (Ctrl+Z to undo)');
        },
      });
    } catch (err) {
      store.getState().toast('error', err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <div className="pf-pad" data-testid="run-history">
      <h3>Runs</h3>
      {error && <div className="pf-problem">{error}</div>}
      {runs && !runs.length && <p className="pf-muted">No runs yet.</p>}
      {runs?.map((r) => (
        <HistoryRow key={r.id} run={r} onOpen={() => void show(r.id)} />
      ))}
    </div>
  );
}

function HistoryRow({ run: r, onOpen }: { run: RunSummary; onOpen(): void }) {
  const engine = r.engine ?? 'fal'; // absent only from a server older than engine kinds: do not hide its cost
  return (
    <button
      type="button"
      className="pf-list-card pf-history"
      onClick={onOpen}
      data-testid="history-row"
      data-engine={engine}
    >
      <div className="pf-row">
        <span className={`pf-run-result pf-run-result--${r.status}`}>{r.status}</span>
        <span className="pf-muted">
          {new Date(r.createdAt).toLocaleString()}
          {r.createdBy && <span data-testid="history-by"> · by {r.createdBy}</span>}
        </span>
      </div>
      <div className="pf-row pf-history__money">
        <span
          className={`pf-engine-tag pf-engine-tag--${engine}`}
          title={ENGINE_HELP[engine]}
          data-testid="history-engine"
        >
          {ENGINE_TAG[engine]}
        </span>
        <span className={`pf-history__cost pf-history__cost--${engine} pf-capital`} data-testid="history-cost">
          {costWords(engine, r.cost, r.estimate)}
        </span>
      </div>
      <div className="pf-history__outputs">
        {Object.entries(r.outputs).map(([k, v]) =>
          isMediaValue(v) ? (
            <OutputThumb key={k} url={v} engine={engine} />
          ) : (
            <span key={k} className="pf-chip">
              {v}
            </span>
          ),
        )}
      </div>
    </button>
  );
}
