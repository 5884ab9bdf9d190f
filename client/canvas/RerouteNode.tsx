import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { KIND_COLORS } from '../../shared/ports.ts';
import { carriedKind } from '../../shared/wire-kind.ts';
import { useEditor } from '../store/context.tsx';
import type { FlowNode } from '../store/types.ts';
import { BypassBadge } from './BypassBadge.tsx';
import './annotations.css';

/** A reroute point: a small dot a long wire bends through, in the colour of what it carries. */
export const RerouteNode = memo(function RerouteNode({ id, data, selected }: NodeProps<FlowNode>) {
  const kind = useEditor((s) =>
    carriedKind(
      {
        typeOf: (n) => s.nodes.find((x) => x.id === n)?.type,
        into: (n, port) => s.edges.filter((e) => e.target === n && e.targetHandle === port),
      },
      id,
      'out',
    ),
  );
  const title = kind === 'any' ? 'Reroute: connect a wire into it' : `Reroute · carries ${kind}`;
  return (
    <div
      className={`pf-reroute${selected ? ' is-selected' : ''}${data.bypass ? ' is-bypassed' : ''}`}
      data-testid={`reroute-${id}`}
      style={{ '--kind': KIND_COLORS[kind] } as React.CSSProperties}
      title={title}
    >
      <Handle type="target" position={Position.Left} id="in" className="pf-reroute__handle" />
      <span className="pf-reroute__dot" />
      <Handle type="source" position={Position.Right} id="out" className="pf-reroute__handle" />
      <BypassBadge bypassed={data.bypass} compact />
    </div>
  );
});
