import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { EngineKind, NodeState } from '../../shared/events.ts';
import { getNodeDef, operationTitle } from '../../shared/registry.ts';
import { KIND_COLORS, maxConnections, type InputPort, type OutputPort } from '../../shared/ports.ts';
import { resubmitNode } from '../run/run-controller.ts';
import { useEditor, useEditorStore } from '../store/context.tsx';
import type { FlowNode } from '../store/types.ts';
import { BypassBadge } from './BypassBadge.tsx';
import { CATEGORY_COLORS } from './category-style.ts';
import { ExposedBadges } from './ExposedBadges.tsx';
import { KeyParams } from './KeyParams.tsx';
import { ModelPicker } from './ModelPicker.tsx';
import { NodeStatus } from './NodeStatus.tsx';
import { useNodePlan } from './plan.ts';
import { PlanChip } from './PlanChip.tsx';
import { shownRun, TakesGrid } from './TakesGrid.tsx';
import { stateWord } from './state-words.ts';

/** The one node component: everything it shows comes from the node's registry entry and its run state. */
export const PipelineNode = memo(function PipelineNode({ id, type, data, selected }: NodeProps<FlowNode>) {
  const def = getNodeDef(type);
  const store = useEditorStore();
  const run = useEditor((s) => s.run?.nodes[id]);
  const engine = useEditor((s) => s.run?.engine);
  const invalid = useEditor((s) => s.problemNodes.has(id));
  const plan = useNodePlan(id);
  if (!def) return <div className="pf-node pf-node--unknown">Unknown node type “{type}”</div>;
  const state = run?.state ?? 'idle';
  // Between runs the header says what the next Run does; a failure or an unsure submit keeps its own pill (it needs
  // the designer), and while a run goes there is no plan at all.
  const planned = plan && plan.next !== 'none' && !data.bypass && !NEEDS_ATTENTION.includes(state) ? plan : undefined;
  // A source edited since the run: its "done" is no longer news, and it has no plan of its own to show instead.
  const stale = plan?.previous && (state === 'done' || state === 'cached');
  return (
    <div
      className={`pf-node pf-state-${state}${selected ? ' is-selected' : ''}${data.bypass ? ' is-bypassed' : ''}${plan?.changed ? ' will-run' : ''}`}
      data-testid={`node-${id}`}
      data-state={state}
      data-plan={plan?.next}
      data-type={type}
      data-engine={run ? engine : undefined}
      style={{ '--accent': CATEGORY_COLORS[def.category] } as React.CSSProperties}
    >
      <header className="pf-node__head">
        <span className="pf-node__title">{data.label || operationTitle(def)}</span>
        <ModelPicker nodeId={id} data={data} def={def} />
        <BypassBadge bypassed={data.bypass} />
        {invalid && state === 'idle' && (
          <span className="pf-node__warn" title="Needs attention (see inspector)">
            !
          </span>
        )}
        {planned ? <PlanChip plan={planned} /> : !stale && <StatePill state={state} engine={engine} />}
      </header>
      <div className="pf-node__ports">
        <div className="pf-node__col">
          {def.inputs.map((p) => (
            <InputRow key={p.name} nodeId={id} port={p} />
          ))}
        </div>
        <div className="pf-node__col pf-node__col--out">
          {def.outputs.map((p) => (
            <OutputRow key={p.name} port={p} />
          ))}
        </div>
      </div>
      <KeyParams def={def} params={data.params} />
      <ExposedBadges nodeId={id} />
      <NodeStatus
        run={shownRun(run, plan)}
        echo={def.inputs.length === 0}
        source={def.category === 'Sources'}
        engine={engine}
        onResubmit={() => void resubmitNode(store, id)}
        previous={plan?.previous}
      />
      <TakesGrid nodeId={id} type={type} data={data} />
    </div>
  );
});

/** Run states whose pill stays between runs: the designer has something to do about them. */
const NEEDS_ATTENTION = ['failed', 'uncertain'];

function InputRow({ nodeId, port }: { nodeId: string; port: InputPort }) {
  const count = useEditor((s) =>
    port.list ? s.edges.filter((e) => e.target === nodeId && e.targetHandle === port.name).length : 0,
  );
  return (
    <div className="pf-port" data-testid={`port-in-${port.name}`}>
      <Handle
        type="target"
        position={Position.Left}
        id={port.name}
        className="pf-handle"
        style={{ background: KIND_COLORS[port.kind] }}
        data-testid={`handle-${nodeId}-in-${port.name}`}
        title={`${port.label} · ${port.kind}${port.list ? ` · ${port.list.min}–${port.list.max}, ordered` : ''}`}
      />
      <span className="pf-port__label">
        {port.label}
        {!port.required && <em> opt</em>}
      </span>
      {port.list && (
        <span className="pf-port__count">
          {count}/{maxConnections(port)}
        </span>
      )}
    </div>
  );
}

function OutputRow({ port }: { port: OutputPort }) {
  return (
    <div className="pf-port pf-port--out">
      <span className="pf-port__label">{port.label}</span>
      <Handle
        type="source"
        position={Position.Right}
        id={port.name}
        className="pf-handle"
        style={{ background: KIND_COLORS[port.kind] }}
        title={`${port.label} · ${port.kind}`}
      />
    </div>
  );
}

function StatePill({ state, engine }: { state: string; engine?: EngineKind }) {
  const word = stateWord(state as NodeState, engine);
  if (!word) return null;
  return (
    <span className={`pf-pill pf-pill--${state}`} data-testid="node-state">
      {word}
    </span>
  );
}
