import { getNodeDef } from '../../shared/registry.ts';
import type { EditorStore } from '../store/editor-store.ts';
import type { MenuItem } from './ContextMenu.tsx';
import { openCompare, type CompareItem } from './CompareView.tsx';
import { isMediaValue } from './media-urls.ts';

/**
 * "Compare outputs" in a node's right-click menu when two or more selected nodes show a result: any two outputs side
 * by side, playing as one (the takes of one node have their own Compare under their grid).
 */
export function compareItem(store: EditorStore): MenuItem[] {
  const s = store.getState();
  const items: CompareItem[] = s.nodes
    .filter((n) => n.selected)
    .flatMap((n) => {
      const made = s.run?.nodes[n.id];
      const url = Object.values(made?.outputs ?? {}).find(isMediaValue);
      const ok = made?.state === 'done' || made?.state === 'cached';
      return ok && url ? [{ url, label: n.data.label || getNodeDef(n.type ?? '')?.title || 'Node' }] : [];
    });
  if (items.length < 2) return [];
  return [{ label: `Compare ${items.length} outputs`, run: () => openCompare(items, 'Compare outputs') }];
}
