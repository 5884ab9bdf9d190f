import type { XYPosition } from '@xyflow/react';
import { addReroute, groupSelection, toggleBypass } from './annotation-edits.ts';
import { editKit, type Slice } from './slice-kit.ts';

/** Groups, bypass and reroutes (the pure edits are in annotation-edits.ts; here each becomes one undo step). */
export interface AnnotationSlice {
  /** A titled frame around the selected nodes (one undo step); returns its id, or null with nothing selected. */
  groupSelection(): string | null;
  /** Bypass on/off for these nodes (default: the selected ones), one undo step. */
  toggleBypass(ids?: string[]): void;
  /** A reroute dot at `at` on a wire (one undo step); returns its id. */
  addReroute(edgeId: string, at: XYPosition): string | null;
}

export const annotationSlice: Slice<AnnotationSlice> = (set, get) => {
  const { doc, edit } = editKit(set, get);
  return {
    groupSelection() {
      const r = groupSelection(doc());
      if (r) edit(r.doc);
      return r?.id ?? null;
    },
    toggleBypass(ids) {
      const next = toggleBypass(doc(), ids);
      if (next) edit(next);
    },
    addReroute(edgeId, at) {
      const r = addReroute(doc(), edgeId, at);
      if (r) edit(r.doc);
      return r?.id ?? null;
    },
  };
};
