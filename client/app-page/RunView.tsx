import { getNodeDef } from '../../shared/registry.ts';
import { NodeStatus } from '../canvas/NodeStatus.tsx';
import { OutputThumb } from '../canvas/OutputThumb.tsx';
import { stateWord } from '../canvas/state-words.ts';
import { costWords, ENGINE_HELP, ENGINE_TAG } from '../run/engine-words.ts';
import { nameNodes } from '../run/node-names.ts';
import { useEditor } from '../store/context.tsx';

/**
 * The run of the form: which engine makes it and what it costs, each step's live state (as on the canvas), then what
 * the Output nodes made, large, a preview's marked as one.
 */
export function RunView() {
  const run = useEditor((s) => s.run);
  const nodes = useEditor((s) => s.nodes);
  if (!run)
    return (
      <section className="pf-card pf-apppage__run pf-muted pf-pad">
        Fill in the form and press Run: progress and results appear here.
      </section>
    );
  const isOutput = (type?: string) => getNodeDef(type ?? '')?.category === 'Output';
  const outputs = nodes
    .filter((n) => isOutput(n.type))
    .flatMap((n) =>
      Object.values(run.nodes[n.id]?.outputs ?? {})
        .filter((v): v is string => typeof v === 'string' && !!v)
        .map((url) => ({ id: n.id, url, label: n.data.label })),
    );
  const money = run.engine === 'local' || run.cost > 0 ? costWords(run.engine, run.cost, run.estimate) : '';
  return (
    <section
      className="pf-card pf-apppage__run"
      data-testid="app-run-view"
      data-status={run.status}
      data-engine={run.engine}
    >
      <div className="pf-row">
        <h3>Run</h3>
        <span className={`pf-run-result pf-run-result--${run.status}`} data-testid="app-run-status">
          {run.status}
        </span>
        <span
          className={`pf-engine-tag pf-engine-tag--${run.engine}`}
          title={ENGINE_HELP[run.engine]}
          data-testid="app-run-engine"
        >
          {ENGINE_TAG[run.engine]}
        </span>
        {money && (
          <span className="pf-muted pf-capital" data-testid="app-run-cost">
            {money}
          </span>
        )}
      </div>
      {run.message && <div className="pf-problem">{nameNodes(run.message, nodes)}</div>}
      {outputs.length > 0 && (
        <div className="pf-apppage__outputs" data-testid="app-outputs">
          {outputs.map((o) => (
            <figure key={`${o.id}-${o.url}`} className="pf-apppage__output">
              <OutputThumb url={o.url} engine={run.engine} />
              {o.label && <figcaption className="pf-muted">{o.label}</figcaption>}
            </figure>
          ))}
        </div>
      )}
      <ol className="pf-apppage__steps">
        {nodes.map((n) => {
          const def = getNodeDef(n.type ?? '');
          const state = run.nodes[n.id];
          return (
            <li
              key={n.id}
              className={`pf-step pf-state-${state?.state ?? 'idle'}`}
              data-testid={`app-step-${n.id}`}
              data-state={state?.state ?? 'idle'}
            >
              <span className="pf-step__title">{n.data.label || def?.title || n.type}</span>
              <span className={`pf-pill pf-pill--${state?.state ?? 'pending'}`}>
                {stateWord(state?.state ?? 'pending', run.engine)}
              </span>
              {/* echo: the step list stays compact; the made media is shown once, above, for the Output nodes.
                  No resubmit here: the form cannot start that run; the editor's "Open in editor" can. */}
              <NodeStatus run={state} echo source={def?.category === 'Sources'} engine={run.engine} />
            </li>
          );
        })}
      </ol>
    </section>
  );
}
