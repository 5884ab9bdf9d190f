import { useReactFlow, type Edge, type Node } from '@xyflow/react';
import { useCallback, useState, type MouseEvent as ReactMouseEvent } from 'react';
import type { NodeDef } from '../../shared/define-node.ts';
import { useEditorStore } from '../store/context.tsx';
import { useLayout } from '../use-layout.ts';
import { useKeepInView } from './keep-in-view.ts';
import { edgeMenu, nodeMenu, paneMenu } from './canvas-menus.ts';
import { ContextMenu, type MenuItem } from './ContextMenu.tsx';
import { NodeSearch } from './NodeSearch.tsx';
import type { WireSearch } from './use-wire-drag.ts';

type Popup =
  | { search: WireSearch }
  | { menu: { at: { x: number; y: number }; label: string; items: MenuItem[] } }
  | null;

/** A new node's width and where its first port row sits below its top (to put that port under the pointer). */
const NODE_W = 240;
const PORT_Y = 52;

/**
 * The canvas's pop-ups: the node search (a wire let go on empty canvas, a double-click, "Add node here…") and the
 * right-click menus of the canvas, a node and a wire. Returns the element to render and the React Flow handlers.
 */
export function useCanvasPopups() {
  const store = useEditorStore();
  const { screenToFlowPosition } = useReactFlow();
  const layout = useLayout();
  const keepInView = useKeepInView();
  const [popup, setPopup] = useState<Popup>(null);
  const close = useCallback(() => setPopup(null), []);
  const openSearch = useCallback((search: WireSearch) => setPopup({ search }), []);
  const searchAt = useCallback(
    (x: number, y: number) => openSearch({ at: { x, y }, flowAt: screenToFlowPosition({ x, y }) }),
    [openSearch, screenToFlowPosition],
  );

  const pick = (def: NodeDef) => {
    if (!popup || !('search' in popup)) return;
    const { flowAt: p, end } = popup.search;
    setPopup(null);
    const s = store.getState();
    // From an output the new node's input lands under the pointer; from an input, its output does.
    const at = !end
      ? { x: p.x - NODE_W / 2 + 10, y: p.y - 30 }
      : end.handleType === 'source'
        ? { x: p.x + 14, y: p.y - PORT_Y }
        : { x: p.x - NODE_W - 14, y: p.y - PORT_Y };
    if (end) s.addNodeWired(def.type, at, end);
    else s.addNode(def.type, at);
    keepInView(at);
  };

  const menu = (e: ReactMouseEvent | MouseEvent, label: string, items: MenuItem[]) => {
    e.preventDefault();
    setPopup({ menu: { at: { x: e.clientX, y: e.clientY }, label, items } });
  };

  const handlers = {
    onPaneContextMenu: (e: ReactMouseEvent | MouseEvent) => {
      const { clientX: x, clientY: y } = e;
      menu(
        e,
        'Canvas',
        paneMenu(store, {
          addHere: () => searchAt(x, y),
          tidy: () => void layout(),
          at: screenToFlowPosition({ x, y }),
        }),
      );
    },
    onNodeContextMenu: (e: ReactMouseEvent, n: Node) => menu(e, 'Node', nodeMenu(store, n.id)),
    onEdgeContextMenu: (e: ReactMouseEvent, edge: Edge) =>
      menu(e, 'Wire', edgeMenu(store, edge.id, screenToFlowPosition({ x: e.clientX, y: e.clientY }))),
    /** Double-click on a wire: a reroute dot there (as in ComfyUI). */
    onEdgeDoubleClick: (e: ReactMouseEvent, edge: Edge) =>
      void store.getState().addReroute(edge.id, screenToFlowPosition({ x: e.clientX, y: e.clientY })),
    /** Double-click on empty canvas (React Flow's zoom on double-click is off). */
    onDoubleClick: (e: ReactMouseEvent) => {
      if ((e.target as Element).classList.contains('react-flow__pane')) searchAt(e.clientX, e.clientY);
    },
  };

  const element =
    popup && 'search' in popup ? (
      <NodeSearch spot={popup.search} onPick={pick} onClose={close} />
    ) : popup && 'menu' in popup ? (
      <ContextMenu {...popup.menu} onClose={close} />
    ) : null;
  return { element, openSearch, handlers };
}
