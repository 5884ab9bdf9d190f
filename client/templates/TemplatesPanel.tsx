import { useEffect, useState } from 'react';
import type { GraphSummary } from '../../shared/api.ts';
import { api, ApiError } from '../api.ts';
import { Thumb } from '../canvas/KeyParams.tsx';
import { EXAMPLES } from '../examples.ts';
import { openOrAsk } from '../open-guard.ts';
import { useEditor, useEditorStore } from '../store/context.tsx';
import { useUi } from '../ui-store.ts';
import { useLoadTidy } from '../use-layout.ts';
import { TemplateRow } from './TemplateRow.tsx';

/** Saved templates (with previews) and the starter examples. */
export function TemplatesPanel() {
  const store = useEditorStore();
  const loadTidy = useLoadTidy();
  const rev = useUi((s) => s.templatesRev);
  const current = useEditor((s) => s.template.id);
  const [list, setList] = useState<GraphSummary[] | null>(null);
  const [error, setError] = useState('');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `rev` is bumped whenever a template is saved: the trigger to list again
  useEffect(() => {
    api.listGraphs().then(setList, (err) => setError(err instanceof ApiError ? err.message : String(err)));
  }, [rev]);
  return (
    <div className="pf-templates pf-pad" data-testid="templates">
      <h3>Your templates</h3>
      {error && <div className="pf-problem">{error}</div>}
      {list && !list.length && <p className="pf-muted">Nothing saved yet. Press Ctrl+S to keep this pipeline.</p>}
      {list?.map((g) => (
        <TemplateRow key={g.id} summary={g} current={g.id === current} />
      ))}
      <h3>Starters</h3>
      {EXAMPLES.map((ex) => (
        <button
          type="button"
          key={ex.key}
          className="pf-list-card pf-template pf-template--starter"
          data-testid={`starter-${ex.key}`}
          onClick={() =>
            openOrAsk(store, {
              what: `the starter “${ex.name}”`,
              nodeCount: ex.graph.nodes.length,
              open: () => loadTidy(ex.graph, { name: ex.name }),
            })
          }
        >
          <div className="pf-template__preview">
            {firstMedia(ex.graph) ? <Thumb url={firstMedia(ex.graph)!} /> : <span>▦</span>}
          </div>
          <div>
            <div className="pf-template__name">{ex.name}</div>
            <div className="pf-muted">{ex.graph.nodes.length} nodes</div>
          </div>
        </button>
      ))}
    </div>
  );
}

function firstMedia(graph: { nodes: { data: { params: Record<string, unknown> } }[] }): string | undefined {
  for (const n of graph.nodes) if (typeof n.data.params.url === 'string' && n.data.params.url) return n.data.params.url;
  return undefined;
}
