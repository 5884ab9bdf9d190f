import type { XYPosition } from '@xyflow/react';
import { getNodeDef } from '../../shared/registry.ts';
import { startRun } from '../run/run-controller.ts';
import type { EditorStore } from '../store/editor-store.ts';
import { isGroup, membersOf, runnableMembers } from '../store/group-geometry.ts';
import type { FlowNode } from '../store/types.ts';
import type { MenuItem } from './ContextMenu.tsx';

/** Menu entries for groups, notes, reroutes and bypass (issue 13), merged into the canvas menus. */

/** "Run group": only the group's nodes that run (and what they need); says so when there is nothing in it to run. */
export function runGroup(store: EditorStore, group: FlowNode) {
  const s = store.getState();
  const only = runnableMembers(group, s.nodes);
  const title = group.data.label || 'Group';
  if (!only.length) return s.toast('info', `“${title}” has no nodes to run: drag nodes into it first`);
  void startRun(store, { only });
}

const selectedCount = (store: EditorStore) => store.getState().nodes.filter((n) => n.selected).length;

/** "Group selection" (Ctrl+G): a titled frame around what is selected. */
export function groupItem(store: EditorStore): MenuItem {
  return {
    label: 'Group selection',
    hint: 'Ctrl+G',
    disabled: !selectedCount(store),
    run: () => void store.getState().groupSelection(),
  };
}

/** "Add note here": a sticky note where the canvas was right-clicked. */
export function noteItem(store: EditorStore, at: XYPosition | undefined): MenuItem[] {
  if (!at) return [];
  return [{ label: 'Add note here', run: () => void store.getState().addNode('note', { x: at.x, y: at.y }) }];
}

/** "Bypass" (Ctrl+B) for a node that runs: on, or off when every selected node already is. */
export function bypassItem(store: EditorStore, node: FlowNode): MenuItem[] {
  if (getNodeDef(node.type ?? '')?.annotation) return [];
  const chosen = store.getState().nodes.filter((n) => n.selected && !getNodeDef(n.type ?? '')?.annotation);
  const allOn = chosen.length > 0 && chosen.every((n) => n.data.bypass);
  return [
    {
      label: allOn ? 'Stop bypassing' : chosen.length > 1 ? 'Bypass selected' : 'Bypass',
      hint: 'Ctrl+B',
      run: () => store.getState().toggleBypass(),
    },
  ];
}

/** A group's or a note's own menu (run/fold/ungroup; no "Run up to here" or re-roll: they do not run). */
export function canvasItemMenu(store: EditorStore, node: FlowNode): MenuItem[] | undefined {
  if (!getNodeDef(node.type ?? '')?.annotation) return undefined;
  const s = store.getState();
  const busy = !!s.run && ['queued', 'running'].includes(s.run.status);
  const del: MenuItem = { label: 'Delete', hint: 'Del', danger: true, run: () => store.getState().deleteSelected() };
  if (!isGroup(node)) return [{ label: 'Duplicate', hint: 'Ctrl+D', run: () => store.getState().duplicate() }, del];
  const folded = !!node.data.params.collapsed;
  const only = runnableMembers(node, s.nodes);
  return [
    { label: 'Run group', disabled: busy || !only.length, run: () => runGroup(store, node) },
    {
      label: folded ? 'Expand group' : 'Collapse group',
      run: () =>
        store.getState().setParams(node.id, {
          collapsed: !folded,
          members: folded ? [] : membersOf(node, store.getState().nodes).map((n) => n.id),
        }),
    },
    {
      label: 'Select its nodes',
      disabled: folded,
      run: () => {
        const ids = new Set(membersOf(node, store.getState().nodes).map((n) => n.id));
        const st = store.getState();
        st.onNodesChange(st.nodes.map((n) => ({ type: 'select' as const, id: n.id, selected: ids.has(n.id) })));
      },
    },
    {
      // Ungrouping keeps the nodes (as ComfyUI): only the frame goes; a folded group shows its nodes again first.
      label: 'Ungroup (keep its nodes)',
      danger: true,
      run: () => {
        store.getState().selectOnly(node.id);
        store.getState().deleteSelected();
      },
    },
  ];
}

/** "Add reroute" on a wire: a dot where it was right-clicked. */
export function rerouteItem(store: EditorStore, edgeId: string, at: XYPosition | undefined): MenuItem[] {
  if (!at) return [];
  return [{ label: 'Add reroute', hint: 'Double-click', run: () => void store.getState().addReroute(edgeId, at) }];
}
