import { Controls, ReactFlow, useReactFlow } from '@xyflow/react';
import { useEffect, useMemo, useState, type DragEvent } from 'react';
import { getNodeDef } from '../../shared/registry.ts';
import { useEditor, useEditorStore } from '../store/context.tsx';
import { foldWires, withFoldedHidden } from '../store/group-geometry.ts';
import { useTheme } from '../theme.ts';
import { useUi } from '../ui-store.ts';
import { CanvasDots } from './CanvasDots.tsx';
import { CanvasMiniMap } from './CanvasMiniMap.tsx';
import { EmptyCanvas } from './EmptyCanvas.tsx';
import { FIT_OPTIONS, useFitReadable } from './fit-readable.ts';
import { beginSettling } from './view-settle.ts';
import { useFileDrop } from './use-file-drop.ts';
import { useCanvasPopups } from './use-canvas-popups.tsx';
import { useWireDrag } from './use-wire-drag.ts';
import { WireFeedback } from './WireFeedback.tsx';
import { nodeTypes } from './node-types.ts';
import { styleEdges } from './styled-edges.ts';
import { useChangedNodes } from './plan.ts';
import { CompareHost } from './CompareView.tsx';

import { PALETTE_MIME } from './dnd.ts';

export function Canvas() {
  const store = useEditorStore();
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const visible = useMemo(() => withFoldedHidden(nodes), [nodes]); // a folded group hides its nodes
  const { screenToFlowPosition } = useReactFlow();
  const theme = useTheme(); // React Flow's own controls and defaults follow the page's palette
  const frame = useFitReadable();
  // Frame the graph when one is opened, never when the first node is dropped on an empty canvas (the view would jump).
  const [fitOnMount] = useState(() => nodes.length > 0);
  const loads = useEditor((s) => s.loads);
  // How many openings have been framed: `data-framed` tells a watcher (a browser test) that the view has settled, so a
  // click aimed at a node is not moved under the pointer by the opening's fit.
  const [framed, setFramed] = useState(0);
  useEffect(() => {
    // Also on opening: React Flow's own first fit frames the nodes measured first (a note or a group alone).
    if (!loads && !fitOnMount) return;
    const settled = beginSettling();
    frame({
      onDone: () => {
        settled();
        setFramed((n) => n + 1);
      },
    });
  }, [loads, frame, fitOnMount]);
  const dropFiles = useFileDrop();
  const typesKey = nodes.map((n) => n.type).join();
  const changed = useChangedNodes(); // wires into nodes the next Run makes again turn amber
  // biome-ignore lint/correctness/useExhaustiveDependencies: node types, not positions, decide edge colours
  const shown = useMemo(() => styleEdges(edges, nodes, changed), [edges, typesKey, changed]);

  const popups = useCanvasPopups();
  const wire = useWireDrag(popups.openSearch);
  // A selected wire is drawn bold and its ends can be dragged off (only then: a grab ring on every wire end would
  // sit over the handles and steal the drags that start new wires).
  const drawn = useMemo(
    () =>
      shown.map((e) =>
        e.selected ? { ...e, reconnectable: true, style: { ...e.style, strokeWidth: 4 }, zIndex: 1 } : e,
      ),
    [shown],
  );
  const folded = useMemo(() => foldWires(drawn, nodes), [drawn, nodes]); // wires into a folded group meet its bar

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
      data-framed={framed}
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDrop={onDrop}
      onDoubleClick={popups.handlers.onDoubleClick}
    >
      <ReactFlow
        nodes={visible}
        edges={folded}
        nodeTypes={nodeTypes}
        onNodesChange={(c) => store.getState().onNodesChange(c)}
        onEdgesChange={(c) => store.getState().onEdgesChange(c)}
        {...wire.props}
        edgesReconnectable={false}
        onPaneContextMenu={popups.handlers.onPaneContextMenu}
        onNodeContextMenu={popups.handlers.onNodeContextMenu}
        onEdgeContextMenu={popups.handlers.onEdgeContextMenu}
        onEdgeDoubleClick={popups.handlers.onEdgeDoubleClick}
        zoomOnDoubleClick={false /* a double-click on empty canvas opens the node search */}
        onNodeClick={() => useUi.getState().tab !== 'inspector' && useUi.getState().set({ tab: 'inspector' })}
        deleteKeyCode={null /* our shortcut table handles Delete, with one undo step */}
        multiSelectionKeyCode={['Meta', 'Control']}
        colorMode={theme}
        fitView={fitOnMount}
        fitViewOptions={FIT_OPTIONS}
        minZoom={0.1}
        proOptions={{ hideAttribution: true }}
        defaultEdgeOptions={{ type: 'default' }}
      >
        <CanvasDots gap={22} size={1.2} color="var(--canvas-dot)" />
        <WireFeedback moving={wire.moving} />
        <CanvasMiniMap />
        <Controls showInteractive={false} fitViewOptions={FIT_OPTIONS} onFitView={() => frame()} />
      </ReactFlow>
      {nodes.length === 0 && <EmptyCanvas />}
      {popups.element}
      <CompareHost />
    </div>
  );
}
