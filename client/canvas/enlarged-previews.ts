import { create } from 'zustand';

/**
 * Which nodes show their result large (the ⤢ toggle). Editor state, not the graph's: it survives the node scrolling
 * away or the canvas re-rendering, but is not saved with the pipeline or undone.
 */
interface Enlarged {
  ids: ReadonlySet<string>;
  toggle(nodeId: string): void;
}

export const useEnlarged = create<Enlarged>()((set) => ({
  ids: new Set(),
  toggle: (nodeId) =>
    set(({ ids }) => {
      const next = new Set(ids);
      if (!next.delete(nodeId)) next.add(nodeId);
      return { ids: next };
    }),
}));
