import { getNodeDef } from '../../shared/registry.ts';
import { withTakes, type TakesData } from '../../shared/takes.ts';
import { editKit, type Slice } from './slice-kit.ts';
import { planSwitch, removedWords } from './switch-variant.ts';

/** A generation node's version and takes: what the model picker and the takes grid change. */
export interface VariantTakesSlice {
  /** Another version of the node's operation, keeping what it can take (one undo step; see switch-variant.ts). */
  switchVariant(nodeId: string, type: string): void;
  /** Takes and pick of a generation node, with a params patch (a promoted seed) in the same undo step. */
  setTakes(id: string, takes: TakesData, params?: Record<string, unknown>): void;
}

export const variantTakesSlice: Slice<VariantTakesSlice> = (set, get) => {
  const { doc, edit } = editKit(set, get);
  return {
    switchVariant(nodeId, type) {
      const next = planSwitch(doc(), nodeId, type);
      if (!next) return;
      edit({ nodes: next.nodes, edges: next.edges });
      if (next.removed.length) get().toast('info', removedWords(getNodeDef(type)!, next.removed), 7000, { nodeId });
    },
    setTakes(id, takes, params) {
      const nodes = get().nodes.map((n) => (n.id === id ? { ...n, data: withTakes(n.data, takes, params) } : n));
      edit({ nodes });
    },
  };
};
