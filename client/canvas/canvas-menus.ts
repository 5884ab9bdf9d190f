import type { XYPosition } from '@xyflow/react';
import { estimateCost } from '../../shared/cost.ts';
import { getNodeDef } from '../../shared/registry.ts';
import { usd } from '../run/engine-words.ts';
import { rerollNode, startRun } from '../run/run-controller.ts';
import { useServerConfig } from '../server-config.ts';
import type { EditorStore } from '../store/editor-store.ts';
import type { FlowNode } from '../store/types.ts';
import { bypassItem, canvasItemMenu, groupItem, noteItem, rerouteItem } from './annotation-menus.ts';
import type { MenuItem } from './ContextMenu.tsx';
import { compareItem } from './compare-outputs.ts';

/** What the menus can do beyond the store: open the node search at the menu's spot, tidy the layout. */
export interface MenuActions {
  addHere(): void;
  tidy(): void;
  /** Where the menu was opened, on the canvas (a note added from it goes there). */
  at?: XYPosition;
}

/** Right-click on empty canvas. */
export function paneMenu(store: EditorStore, act: MenuActions): MenuItem[] {
  const s = store.getState();
  return [
    { label: 'Add node here…', hint: 'Double-click', run: act.addHere },
    { label: 'Paste', hint: 'Ctrl+V', disabled: !s.clipboard, run: () => store.getState().paste() },
    { label: 'Tidy up', hint: 'Shift+L', disabled: !s.nodes.length, run: act.tidy },
    ...noteItem(store, act.at),
    groupItem(store),
  ];
}

/**
 * What a re-roll of the node spends, for the node menu and the inspector's Re-roll button: one more take, so the node's
 * own price ("$0.30", "≈ $0.30" for a guess); on the preview engine it is free, with fal's price beside. Null for a
 * node that calls no engine; empty while its params are invalid (no price to tell: the run would be refused).
 */
export function rerollPrice(store: EditorStore, node: FlowNode): string | null {
  const def = getNodeDef(node.type ?? '');
  if (!def?.endpoint) return null;
  if (!def.params.safeParse(node.data.params).success) return '';
  const est = estimateCost({
    nodes: [{ id: node.id, type: node.type ?? '', position: node.position, data: { ...node.data, takes: 1 } }],
  });
  const price = `${est.includesGuesses ? '≈ ' : ''}${usd(est.total)}`;
  const preview = !!useServerConfig.getState().config?.localEngine || store.getState().run?.engine === 'local';
  return preview ? `free · ${price} on fal` : price;
}

/** Right-click on a node. The node joins (or becomes) the selection, so Duplicate and Delete act on what is selected. */
export function nodeMenu(store: EditorStore, id: string): MenuItem[] {
  const s = store.getState();
  const node = s.nodes.find((n) => n.id === id);
  if (!node) return [];
  if (!node.selected) s.selectOnly(id);
  const item = canvasItemMenu(store, node);
  if (item) return item;
  const busy = !!s.run && ['queued', 'running'].includes(s.run.status);
  const price = rerollPrice(store, node);
  const wires = s.edges.filter((e) => e.source === id || e.target === id).map((e) => e.id);
  const many = s.nodes.filter((n) => n.selected).length > 1;
  return [
    { label: 'Run up to here', disabled: busy, run: () => void startRun(store, { only: [id] }) },
    ...(price !== null
      ? [{ label: price ? `Re-roll · ${price}` : 'Re-roll', disabled: busy, run: () => void rerollNode(store, id) }]
      : []),
    { label: many ? 'Duplicate selected' : 'Duplicate', hint: 'Ctrl+D', run: () => store.getState().duplicate() },
    { label: 'Disconnect all', disabled: !wires.length, run: () => store.getState().disconnect(wires) },
    ...compareItem(store),
    ...bypassItem(store, node),
    groupItem(store),
    {
      label: many ? 'Delete selected' : 'Delete',
      hint: 'Del',
      danger: true,
      run: () => store.getState().deleteSelected(),
    },
  ];
}

/** Right-click on a wire. */
export function edgeMenu(store: EditorStore, id: string, at?: XYPosition): MenuItem[] {
  // The wire the menu is about is shown selected (bold), so it is clear which one Disconnect takes off.
  const s = store.getState();
  s.selectOnly(null);
  s.onEdgesChange(s.edges.map((e) => ({ type: 'select' as const, id: e.id, selected: e.id === id })));
  return [
    ...rerouteItem(store, id, at),
    { label: 'Disconnect', hint: 'Del', danger: true, run: () => store.getState().disconnect([id]) },
  ];
}
