import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { create } from 'zustand';
import type { EditorStore } from '../store/editor-store.ts';
import { barOf, hiddenByFold } from '../store/group-geometry.ts';
import { useUi } from '../ui-store.ts';

/** A node (and maybe one of its fields) the designer asked to be shown: a problem, a toast or the run bar clicked. */
export interface RevealTarget {
  nodeId: string;
  field?: string;
  /** Bumped per request, so clicking the same problem twice shows it twice. */
  seq: number;
}

export const useReveal = create<{ target: RevealTarget | null }>()(() => ({ target: null }));
let seq = 0;

/**
 * Takes the designer to what a message is about: selects the node, opens the inspector on it, pans the canvas to it
 * (usePanToReveal) and focuses the field (the inspector). A node no longer on the canvas is ignored.
 */
export function reveal(store: EditorStore, to: { nodeId?: string; field?: string }): void {
  const { nodeId, field } = to;
  if (!nodeId || !store.getState().nodes.some((n) => n.id === nodeId)) return;
  // A node inside a folded group is shown by opening its folds (outermost first), like a collapsed section in a
  // document: the designer asked to see it, and a selected node nobody can see invites edits made blind.
  for (let i = 0; i < 50; i++) {
    const hidden = hiddenByFold(store.getState().nodes);
    if (!hidden.has(nodeId)) break;
    store.getState().setParams(barOf(hidden, nodeId), { collapsed: false, members: [] });
  }
  store.getState().selectOnly(nodeId);
  useUi.getState().set({ tab: 'inspector' });
  useReveal.setState({ target: { nodeId, field, seq: ++seq } });
}

/** Zoom at least this far in when panning to a node, so its text is readable when it arrives. */
const READABLE_ZOOM = 0.8;

/** Pans the canvas to each revealed node. Needs React Flow's context: mounted once, by an always-present panel. */
export function usePanToReveal(): void {
  const { getInternalNode, setCenter, getZoom } = useReactFlow();
  const target = useReveal((s) => s.target);
  useEffect(() => {
    const node = target && getInternalNode(target.nodeId);
    if (!node) return;
    const { x, y } = node.internals.positionAbsolute;
    const w = node.measured.width ?? 0;
    const h = node.measured.height ?? 0;
    void setCenter(x + w / 2, y + h / 2, { zoom: Math.max(getZoom(), READABLE_ZOOM), duration: 300 });
  }, [target, getInternalNode, setCenter, getZoom]);
}

/** Focuses the revealed field's control inside `root` (the inspector), once the inspector shows that node. */
export function useFocusRevealed(root: HTMLElement | null, nodeId: string): void {
  const target = useReveal((s) => s.target);
  useEffect(() => {
    if (!root || !target || target.nodeId !== nodeId || !target.field) return;
    // A nested problem ("transitions.0.duration") is shown on its top-level field.
    const key = target.field.split('.')[0];
    const row = root.querySelector<HTMLElement>(`[data-testid="field-${CSS.escape(key)}"]`);
    // The field's own control, not the "expose" switch beside it; a seed left random has only its checkbox.
    const control =
      row?.querySelector<HTMLElement>(
        ':scope > :not(.pf-expose) :is(input:not([type=checkbox]):not([type=file]), textarea, select), :scope > :is(input, textarea, select)',
      ) ?? row?.querySelector<HTMLElement>(':scope > :not(.pf-expose) input');
    row?.scrollIntoView({ block: 'nearest' });
    control?.focus();
  }, [root, target, nodeId]);
}
