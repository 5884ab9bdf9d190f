import { useReactFlow, type Connection, type Edge, type FinalConnectionState } from '@xyflow/react';
import { useCallback, useRef } from 'react';
import { getNodeDef } from '../../shared/registry.ts';
import { checkConnection, kindOfEnd, portFor, type Attempt, type WireEnd } from '../store/connection-rules.ts';
import { useEditorStore } from '../store/context.tsx';
import type { SearchFor } from './NodeSearch.tsx';

/** A refused wire is feedback on a gesture just made: read in a glance, it should not outlive the next few actions. */
const REFUSAL_MS = 3000;

/** A search opened by a wire let go on empty canvas: where (page and canvas), and the wire's loose end. */
export type WireSearch = SearchFor & { flowAt: { x: number; y: number }; end?: WireEnd };

type Loose =
  | Connection
  | { source: string; target: string; sourceHandle?: string | null; targetHandle?: string | null };
const attempt = (c: Loose): Attempt => ({
  ...c,
  sourceHandle: c.sourceHandle ?? null,
  targetHandle: c.targetHandle ?? null,
});

function clientPoint(e: MouseEvent | TouchEvent) {
  const p = 'changedTouches' in e ? e.changedTouches[0] : e;
  return { x: p.clientX, y: p.clientY };
}

/**
 * Everything a wire does under the pointer, as React Flow props: the shared rule decides what fits (a wire whose end
 * is being moved is judged as if absent); a wire let go on empty canvas opens the node search there, on a node's
 * body it plugs into the first port that fits; a moved wire end let go on empty canvas detaches the wire.
 */
export function useWireDrag(openSearch: (s: WireSearch) => void) {
  const store = useEditorStore();
  const { screenToFlowPosition, flowToScreenPosition } = useReactFlow();
  const moving = useRef<string | undefined>(undefined);
  const moved = useRef(false);

  const isValidConnection = useCallback(
    (c: Loose) => {
      const s = store.getState();
      return checkConnection(s.nodes, s.edges, attempt(c), moving.current).ok;
    },
    [store],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const v = store.getState().connect(attempt(c));
      if (!v.ok) store.getState().toast('error', v.reason, REFUSAL_MS);
    },
    [store],
  );

  const onConnectEnd = useCallback(
    (e: MouseEvent | TouchEvent, st: FinalConnectionState) => {
      if (moving.current || st.isValid || !st.fromHandle) return;
      const from: WireEnd = {
        nodeId: st.fromHandle.nodeId,
        handleId: st.fromHandle.id ?? null,
        handleType: st.fromHandle.type,
      };
      // Over a handle that refused it: nothing more to say. The reason was at the pointer while it hovered there
      // (WireFeedback); a toast repeating it on release would be a second copy of the same message.
      if (st.toHandle) return;
      const kind = kindOfEnd(store.getState().nodes, from, store.getState().edges);
      const at = clientPoint(e);
      const over = document.elementFromPoint(at.x, at.y);
      const node = over?.closest<HTMLElement>('.react-flow__node');
      if (node?.dataset.id && kind) {
        const def = getNodeDef(store.getState().nodes.find((n) => n.id === node.dataset.id)?.type ?? '');
        const port = def && portFor(def, kind, from.handleType);
        if (port) onConnect(toAttempt(from, node.dataset.id, port) as Connection);
        return;
      }
      if (!over?.closest('.react-flow__pane') || !kind) return;
      const anchor = flowToScreenPosition(st.from);
      openSearch({ at, flowAt: screenToFlowPosition(at), wire: { kind, from: from.handleType, anchor }, end: from });
    },
    [store, onConnect, openSearch, screenToFlowPosition, flowToScreenPosition],
  );

  const onReconnectStart = useCallback((_: unknown, edge: Edge) => {
    moving.current = edge.id;
    moved.current = false;
  }, []);

  const onReconnect = useCallback(
    (old: Edge, c: Connection) => {
      const v = store.getState().reconnect(old.id, attempt(c));
      moved.current = v.ok;
      if (!v.ok) store.getState().toast('error', v.reason, REFUSAL_MS);
    },
    [store],
  );

  const onReconnectEnd = useCallback(
    (_: unknown, edge: Edge, _kept: unknown, st: FinalConnectionState) => {
      // Let go on empty canvas: the wire is detached. On a handle that refused it, it stays (the reason was at the
      // pointer while it hovered there, as for a new wire).
      if (!moved.current && !st.toHandle) store.getState().disconnect([edge.id]);
      moving.current = undefined;
    },
    [store],
  );

  return {
    moving: () => moving.current,
    props: { isValidConnection, onConnect, onConnectEnd, onReconnectStart, onReconnect, onReconnectEnd },
  };
}

/** The attempt a wire from `from` makes at a handle of node `to` (which side is which follows the wire's start). */
function toAttempt(from: WireEnd, to: string, handle: string | null): Attempt {
  return from.handleType === 'source'
    ? { source: from.nodeId, sourceHandle: from.handleId, target: to, targetHandle: handle }
    : { source: to, sourceHandle: handle, target: from.nodeId, targetHandle: from.handleId };
}
