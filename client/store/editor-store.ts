import { createStore } from 'zustand/vanilla';
import { annotationSlice, type AnnotationSlice } from './annotation-slice.ts';
import { documentSlice, type DocumentSlice } from './document-slice.ts';
import { feedbackSlice, type FeedbackSlice } from './feedback-slice.ts';
import { nodeSlice, type NodeSlice } from './node-slice.ts';
import { selectionSlice, type SelectionSlice } from './selection-slice.ts';
import type { Snapshot } from './types.ts';
import { variantTakesSlice, type VariantTakesSlice } from './variant-takes-slice.ts';
import { wiringSlice, type WiringSlice } from './wiring-slice.ts';

export { sortedInto } from './wiring-slice.ts';

/**
 * The editor's state and every edit, as plain functions over plain data (no DOM), so tests drive it directly. One
 * zustand store made of slices by responsibility (zustand's slices pattern); each slice sees the whole state.
 */
export interface EditorState
  extends Snapshot,
    NodeSlice,
    WiringSlice,
    VariantTakesSlice,
    AnnotationSlice,
    SelectionSlice,
    DocumentSlice,
    FeedbackSlice {}

export type EditorStore = ReturnType<typeof createEditorStore>;

export function createEditorStore(initial?: Partial<Pick<EditorState, 'nodes' | 'edges' | 'inputs' | 'template'>>) {
  return createStore<EditorState>()((...a) => ({
    nodes: initial?.nodes ?? [],
    edges: initial?.edges ?? [],
    inputs: initial?.inputs ?? [],
    ...nodeSlice(...a),
    ...wiringSlice(...a),
    ...variantTakesSlice(...a),
    ...annotationSlice(...a),
    ...selectionSlice(...a),
    ...documentSlice(initial?.template ?? { name: 'Untitled pipeline' })(...a),
    ...feedbackSlice(...a),
  }));
}
