import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { getNodeDef } from '../../shared/registry.ts';
import { ModelSelect } from '../canvas/ModelSelect.tsx';
import { useEditor, useEditorStore } from '../store/context.tsx';
import type { FlowNode } from '../store/types.ts';
import { problemDetail } from '../run/node-names.ts';
import { plainError } from '../run/plain-error.ts';
import { rerollNode, startRun } from '../run/run-controller.ts';
import { ExposeToggle } from './fields/ExposeToggle.tsx';
import { Field } from './fields/Field.tsx';
import { fieldsOf } from './fields/field-kind.ts';
import { ListOrder } from './ListOrder.tsx';
import { GraphOverview } from './GraphOverview.tsx';
import { useFocusRevealed } from './reveal.ts';
import { RerollPrice } from './RerollPrice.tsx';
import { TakesField } from './fields/TakesField.tsx';
import { useWiredFields } from './use-wired-fields.ts';
import { isGroup } from '../store/group-geometry.ts';
import { RunGroupButton } from '../canvas/RunGroupButton.tsx';

/** The form of the selected node, generated from its params schema, with the shared validation inline. */
export function Inspector() {
  const selected = useEditor(useShallow((s) => s.nodes.filter((n) => n.selected)));
  if (selected.length === 1) return <NodeInspector node={selected[0]} />;
  if (selected.length > 1) return <MultiInspector count={selected.length} />;
  return <GraphOverview />;
}

function NodeInspector({ node }: { node: FlowNode }) {
  const store = useEditorStore();
  const def = getNodeDef(node.type ?? '');
  const problems = useEditor((s) => s.problems).filter((p) => p.nodeId === node.id);
  const runError = useEditor((s) => s.run?.nodes[node.id]?.error);
  const busy = useEditor((s) => s.run && ['queued', 'running'].includes(s.run.status));
  const engine = useEditor((s) => s.run?.engine ?? 'fal');
  const wiredFrom = useWiredFields(node.id, def);
  const [root, setRoot] = useState<HTMLDivElement | null>(null);
  useFocusRevealed(root, node.id);
  if (!def) return <div className="pf-pad">Unknown node type “{node.type}”.</div>;
  const fields = fieldsOf(def).filter((f) => !f.schema.hidden); // a group's size is edited on the canvas
  const fieldNames = new Set(fields.map((f) => f.name));
  const general = problems.filter((p) => !p.field || !fieldNames.has(p.field));
  // Messages name the node for the overview list; here the node is obvious, so that lead is dropped.
  const local = (m: string) => problemDetail(m, node);
  const errorsFor = (name: string) => [
    ...problems.filter((p) => p.field === name).map((p) => local(p.message)),
    ...(runError?.field === name ? [`fal: ${plainError(runError.message, engine)}`] : []),
  ];
  return (
    <div className="pf-inspector" data-testid="inspector" ref={setRoot}>
      <div className="pf-inspector__head">
        <input
          className="pf-input pf-inspector__name"
          value={node.data.label ?? ''}
          placeholder={def.title}
          onChange={(e) => store.getState().setLabel(node.id, e.target.value)}
          data-testid="node-label"
        />
        <p className="pf-muted">{def.description}</p>
        <ModelSelect nodeId={node.id} data={node.data} def={def} />
        {isGroup(node) && <RunGroupButton node={node} />}
        {/* A note or a group does not run, and a reroute only hands on its input (its `any` output): running "up to"
            it is running what feeds it, so none of them offers "Run up to here" or a re-roll. */}
        {!def.annotation && !def.outputs.some((p) => p.kind === 'any') && (
          <div className="pf-row">
            <button
              type="button"
              className="pf-btn"
              disabled={!!busy}
              data-testid="run-up-to"
              title="Run only what this node needs"
              onClick={() => void startRun(store, { only: [node.id] })}
            >
              ▶ Run up to here
            </button>
            {def.endpoint && (
              <button
                type="button"
                className="pf-btn"
                disabled={!!busy}
                data-testid="reroll"
                title="Generate this node anew, ignoring the cache"
                onClick={() => void rerollNode(store, node.id)}
              >
                ⟳ Re-roll
                <RerollPrice node={node} />
              </button>
            )}
          </div>
        )}
      </div>
      {general.map((p) => (
        <div key={p.message} className="pf-problem" data-testid="node-problem">
          {local(p.message)}
        </div>
      ))}
      {runError && !fieldNames.has(runError.field ?? '') && (
        <div className="pf-problem">Last run: {plainError(runError.message, engine)}</div>
      )}
      <TakesField node={node} />
      {def.inputs
        .filter((p) => p.list)
        .map((p) => (
          <ListOrder key={p.name} nodeId={node.id} port={p} />
        ))}
      {fields.map((spec) => (
        <Field
          key={spec.name}
          nodeId={node.id}
          spec={spec}
          value={node.data.params[spec.name]}
          errors={errorsFor(spec.name)}
          wiredFrom={wiredFrom[spec.name]}
          onChange={(v) => store.getState().setParams(node.id, { [spec.name]: v })}
          aside={
            spec.schema.exposable !== false && (
              <ExposeToggle nodeId={node.id} param={spec.name} title={spec.schema.title ?? spec.name} />
            )
          }
        />
      ))}
    </div>
  );
}

function MultiInspector({ count }: { count: number }) {
  const store = useEditorStore();
  return (
    <div className="pf-inspector pf-pad">
      <h3>{count} nodes selected</h3>
      <div className="pf-row">
        <button type="button" className="pf-btn" onClick={() => store.getState().duplicate()}>
          Duplicate
        </button>
        <button type="button" className="pf-btn pf-btn--danger" onClick={() => store.getState().deleteSelected()}>
          Delete
        </button>
      </div>
    </div>
  );
}
