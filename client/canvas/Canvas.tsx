import { Controls, ReactFlow, useReactFlow, type FinalConnectionState, type Connection } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';
import { getNodeDef } from '../../shared/registry.ts';
import { checkConnection } from '../store/connection-rules.ts';
import { useEditor, useEditorStore } from '../store/context.tsx';
import { useUi } from '../ui-store.ts';
import { CanvasDots } from './CanvasDots.tsx';
import { CanvasMiniMap } from './CanvasMiniMap.tsx';
import { EmptyCanvas } from './EmptyCanvas.tsx';
import { FIT_OPTIONS, useFitReadable } from './fit-readable.ts';
import { useFileDrop } from './use-file-drop.ts';
import { nodeTypes } from './node-types.ts';
import { styleEdges } from './styled-edges.ts';
import { useChangedNodes } from './plan.ts';

import { PALETTE_MIME } from './dnd.ts';

/** A refused wire is feedback on a gesture just made: read in a glance, it should not outlive the next few actions. */
const REFUSAL_MS = 3000;

export function Canvas() {
  const store = useEditorStore();
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const { screenToFlowPosition } = useReactFlow();
  const frame = useFitReadable();
  // Frame the graph when one is opened, never when the first node is dropped on an empty canvas (the view would jump).
  const [fitOnMount] = useState(() => nodes.length > 0);
  const loads = useEditor((s) => s.loads);
  useEffect(() => {
    if (loads) frame();
  }, [loads, frame]);
  const dropFiles = useFileDrop();
  const typesKey = nodes.map((n) => n.type).join();
  // biome-ignore lint/correctness/useExhaustiveDependencies: node types, not positions, decide edge colours
  const changed = useChangedNodes(); // wires into nodes the next Run makes again turn amber
  const shown = useMemo(() => styleEdges(edges, nodes, changed), [edges, typesKey, changed]);

  const isValidConnection = useCallback(
    (
      c: Connection | { source: string; target: string; sourceHandle?: string | null; targetHandle?: string | null },
    ) => {
      const s = store.getState();
      return checkConnection(s.nodes, s.edges, {
        ...c,
        sourceHandle: c.sourceHandle ?? null,
        targetHandle: c.targetHandle ?? null,
      }).ok;
    },
    [store],
  );

  // React Flow only says "invalid"; the designer deserves the reason, so ask the same rule again on release.
  const onConnectEnd = useCallback(
    (_: MouseEvent | TouchEvent, st: FinalConnectionState) => {
      if (st.isValid || !st.fromHandle || !st.toHandle) return;
      const [src, tgt] = st.fromHandle.type === 'source' ? [st.fromHandle, st.toHandle] : [st.toHandle, st.fromHandle];
      const s = store.getState();
      const v = checkConnection(s.nodes, s.edges, {
        source: src.nodeId,
        sourceHandle: src.id ?? null,
        target: tgt.nodeId,
        targetHandle: tgt.id ?? null,
      });
      if (!v.ok) s.toast('error', v.reason, REFUSAL_MS);
    },
    [store],
  );

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    // Centre the new node's header under the pointer (a node is 240 px wide).
    const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
    const position = { x: p.x - 110, y: p.y - 30 };
    const type = e.dataTransfer.getData(PALETTE_MIME);
    if (type && getNodeDef(type)) store.getState().addNode(type, position);
    else if (e.dataTransfer.files.length) void dropFiles([...e.dataTransfer.files], position);
  };

  return (
    <div
      className="pf-canvas"
      data-testid="canvas"
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDrop={onDrop}
    >
      <ReactFlow
        nodes={nodes}
        edges={shown}
        nodeTypes={nodeTypes}
        onNodesChange={(c) => store.getState().onNodesChange(c)}
        onEdgesChange={(c) => store.getState().onEdgesChange(c)}
        onConnect={(c) => {
          const v = store.getState().connect(c);
          if (!v.ok) store.getState().toast('error', v.reason, REFUSAL_MS);
        }}
        isValidConnection={isValidConnection}
        onConnectEnd={onConnectEnd}
        onNodeClick={() => useUi.getState().tab !== 'inspector' && useUi.getState().set({ tab: 'inspector' })}
        deleteKeyCode={null /* our shortcut table handles Delete, with one undo step */}
        multiSelectionKeyCode={['Meta', 'Control']}
        colorMode="dark"
        fitView={fitOnMount}
        fitViewOptions={FIT_OPTIONS}
        minZoom={0.1}
        proOptions={{ hideAttribution: true }}
        defaultEdgeOptions={{ type: 'default' }}
      >
        <CanvasDots gap={22} size={1.2} color="#2a2a33" />
        <CanvasMiniMap />
        <Controls showInteractive={false} fitViewOptions={FIT_OPTIONS} onFitView={() => frame()} />
      </ReactFlow>
      {nodes.length === 0 && <EmptyCanvas />}
    </div>
  );
}
