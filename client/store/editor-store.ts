import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange, type XYPosition } from '@xyflow/react';
import { createStore } from 'zustand/vanilla';
import type { Graph } from '../../shared/graph.ts';
import type { RunEvent } from '../../shared/events.ts';
import type { Problem } from '../../shared/validate.ts';
import { getNodeDef, initialParams } from '../../shared/registry.ts';
import { addReroute, groupSelection, toggleBypass } from './annotation-edits.ts';
import { copySelection, pasteInto } from './clipboard.ts';
import {
  checkConnection,
  kindOfEnd,
  nextOrder,
  portFor,
  type Attempt,
  type Verdict,
  type WireEnd,
} from './connection-rules.ts';
import { fromGraph, newId, toGraph } from './graph-doc.ts';
import { record, redo, relinkSteps, undo, type History } from './history.ts';
import { keepInputsOf, setExposure } from './exposed-inputs.ts';
import { planSwitch, removedWords } from './switch-variant.ts';
import { applyRunEvent } from './run-state.ts';
import { withFoldedHidden } from './group-geometry.ts';
import { withTakes, type TakesData } from '../../shared/takes.ts';
import type { FlowEdge, FlowNode, RunView, Snapshot, TemplateRef, Toast, UndoStep } from './types.ts';

export interface EditorState extends Snapshot {
  history: History;
  clipboard: Snapshot | null;
  template: TemplateRef;
  /** True when the canvas differs from what was last saved or loaded. */
  dirty: boolean;
  run: RunView | null;
  toasts: Toast[];
  /** Shared validation of the current document (kept fresh by watchProblems). */
  problems: Problem[];
  problemNodes: ReadonlySet<string>;
  /** Bumped when a whole document is loaded, so the canvas can frame it (and only then). */
  loads: number;

  onNodesChange(changes: NodeChange<FlowNode>[]): void;
  onEdgesChange(changes: EdgeChange<FlowEdge>[]): void;
  /** A wire into a taken single input replaces the old one, in the same undo step. */
  connect(attempt: Attempt): Verdict;
  /** Moves one end of a wire to another handle (one undo step); refused moves leave it where it was. */
  reconnect(edgeId: string, attempt: Attempt): Verdict;
  /** Removes these wires (one undo step). */
  disconnect(edgeIds: string[]): void;
  /** A new node at `position`, wired to the loose end of a dragged wire: one undo step for both. */
  addNodeWired(type: string, position: XYPosition, from: WireEnd): string;
  addNode(type: string, position: XYPosition, params?: Record<string, unknown>): string;
  setParams(id: string, patch: Record<string, unknown>): void;
  /** Another version of the node's operation, keeping what it can take (one undo step; see switch-variant.ts). */
  switchVariant(nodeId: string, type: string): void;
  setLabel(id: string, label: string): void;
  /** Takes and pick of a generation node, with a params patch (a promoted seed) in the same undo step. */
  setTakes(id: string, takes: TakesData, params?: Record<string, unknown>): void;
  /** Exposes a node param as a template input (null: stops exposing it); one undo step per param. */
  setExposed(nodeId: string, param: string, input: { name: string; label?: string } | null): void;
  moveListEdge(edgeId: string, delta: -1 | 1): void;
  /** `key`: positions that finish another edit (a load's layout) join its undo step. */
  setPositions(positions: Record<string, XYPosition>, key?: string): void;
  deleteSelected(): void;
  /** A titled frame around the selected nodes (one undo step); returns its id, or null with nothing selected. */
  groupSelection(): string | null;
  /** Bypass on/off for these nodes (default: the selected ones), one undo step. */
  toggleBypass(ids?: string[]): void;
  /** A reroute dot at `at` on a wire (one undo step); returns its id. */
  addReroute(edgeId: string, at: XYPosition): string | null;
  selectOnly(id: string | null): void;
  /** Selects every node on screen: a folded group's bar, never the members it hides (Ctrl+A). */
  selectAll(): void;
  copy(): void;
  /** `at`: where the pasted group's top-left should go (the pointer); it moves to the nearest free spot from there. */
  paste(at?: XYPosition): void;
  /** Copies beside the originals, never over a node. */
  duplicate(): void;
  undo(): void;
  redo(): void;
  load(graph: Graph, template: TemplateRef, opts?: { dirty?: boolean }): void;
  graph(): Graph;
  markSaved(template: TemplateRef): void;
  /** The open document's link changed without a load (a save, a rename): every undo step of it takes the new one. */
  relink(template: TemplateRef, dirty: boolean): void;
  setRun(run: RunView | null): void;
  applyEvent(ev: RunEvent): void;
  /** `ms`: how long it stays (default: errors 7 s, news 3.5 s); `target`: the node it is about (click to go there). */
  toast(kind: Toast['kind'], message: string, ms?: number, target?: Toast['target']): void;
  dismissToast(id: number): void;
}

export type EditorStore = ReturnType<typeof createEditorStore>;

let toastSeq = 0;

/** The editor's state and every edit, as plain functions over plain data (no DOM), so tests drive it directly. */
export function createEditorStore(initial?: Partial<Pick<EditorState, 'nodes' | 'edges' | 'inputs' | 'template'>>) {
  return createStore<EditorState>()((set, get) => {
    // The template link is part of each undo step, so undoing a load brings back the previous name and template too.
    const doc = (): UndoStep => ({
      nodes: get().nodes,
      edges: get().edges,
      inputs: get().inputs,
      template: get().template,
    });
    /** Every undoable edit goes through here: remember the document before it, then change it. */
    const edit = (next: Partial<Snapshot>, key?: string) =>
      set((s) => ({ ...next, history: record(s.history, doc(), key), dirty: true }));

    return {
      nodes: initial?.nodes ?? [],
      edges: initial?.edges ?? [],
      inputs: initial?.inputs ?? [],
      history: { past: [], future: [] },
      clipboard: null,
      template: initial?.template ?? { name: 'Untitled pipeline' },
      dirty: false,
      run: null,
      toasts: [],
      problems: [],
      problemNodes: new Set(),
      loads: 0,

      onNodesChange(changes) {
        const nodes = applyNodeChanges(changes, get().nodes);
        const byId = new Map(get().nodes.map((n) => [n.id, n]));
        // A drag is one undo step: record when it starts, not on every frame.
        const dragStart = changes.some((c) => c.type === 'position' && c.dragging && !byId.get(c.id)?.dragging);
        const removes = changes.some((c) => c.type === 'remove');
        const moved = changes.some((c) => c.type === 'position' && c.position);
        if (dragStart || removes)
          return edit({
            nodes,
            edges: removes ? dropDangling(get().edges, nodes) : get().edges,
            inputs: keepInputsOf(get().inputs, nodes),
          });
        set({ nodes, ...(moved ? { dirty: true } : {}) });
      },
      onEdgesChange(changes) {
        const edges = applyEdgeChanges(changes, get().edges);
        if (changes.some((c) => c.type === 'remove')) edit({ edges });
        else set({ edges });
      },
      connect(a) {
        const verdict = checkConnection(get().nodes, get().edges, a);
        if (verdict.ok) edit({ edges: withWire(get().edges, a, verdict.replaces) });
        return verdict;
      },
      reconnect(edgeId, a) {
        const verdict = checkConnection(get().nodes, get().edges, a, edgeId);
        if (!verdict.ok) return verdict;
        const rest = get().edges.filter((e) => e.id !== edgeId);
        edit({ edges: withWire(rest, a, verdict.replaces) });
        return verdict;
      },
      disconnect(edgeIds) {
        const gone = new Set(edgeIds);
        const edges = get().edges.filter((e) => !gone.has(e.id));
        if (edges.length !== get().edges.length) edit({ edges });
      },
      addNodeWired(type, position, from) {
        const kind = kindOfEnd(get().nodes, from, get().edges);
        const def = getNodeDef(type);
        const port = kind && def ? portFor(def, kind, from.handleType) : undefined;
        const id = get().addNode(type, position);
        if (!port) return id;
        const a: Attempt =
          from.handleType === 'source'
            ? { source: from.nodeId, sourceHandle: from.handleId, target: id, targetHandle: port }
            : { source: id, sourceHandle: port, target: from.nodeId, targetHandle: from.handleId };
        const verdict = checkConnection(get().nodes, get().edges, a);
        // Node and wire are one undo step: addNode recorded the document before both, so the wire is set unrecorded.
        if (verdict.ok) set({ edges: withWire(get().edges, a, verdict.replaces) });
        return id;
      },
      addNode(type, position, params) {
        const def = getNodeDef(type);
        if (!def) throw new Error(`Unknown node type ${type}`);
        const id = newId(type, new Set(get().nodes.map((n) => n.id)));
        const node: FlowNode = {
          id,
          type,
          position,
          data: { params: { ...initialParams(def), ...params } },
          selected: true,
        };
        edit({ nodes: [...get().nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node] });
        return id;
      },
      setParams(id, patch) {
        const key = `params:${id}:${Object.keys(patch).join(',')}`;
        const nodes = get().nodes.map((n) => {
          if (n.id !== id) return n;
          const params = { ...n.data.params };
          for (const [k, v] of Object.entries(patch))
            if (v === undefined) delete params[k];
            else params[k] = v;
          return { ...n, data: { ...n.data, params, ...withoutAside(n.data.aside, patch) } };
        });
        edit({ nodes }, key);
      },
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
      setLabel(id, label) {
        const nodes = get().nodes.map((n) =>
          n.id === id ? { ...n, data: { ...n.data, label: label || undefined } } : n,
        );
        edit({ nodes }, `label:${id}`);
      },
      setExposed(nodeId, param, input) {
        edit({ inputs: setExposure(get().inputs, nodeId, param, input) }, `expose:${nodeId}:${param}`);
      },
      moveListEdge(edgeId, delta) {
        const edge = get().edges.find((e) => e.id === edgeId);
        if (!edge) return;
        const list = sortedInto(get().edges, edge.target, edge.targetHandle ?? '');
        const i = list.findIndex((e) => e.id === edgeId);
        const j = i + delta;
        if (j < 0 || j >= list.length) return;
        [list[i], list[j]] = [list[j], list[i]];
        const order = new Map(list.map((e, k) => [e.id, k]));
        edit({
          edges: get().edges.map((e) => (order.has(e.id) ? { ...e, data: { ...e.data, order: order.get(e.id) } } : e)),
        });
      },
      setPositions(positions, key) {
        // A keyed layout finishes that step (a load's tidy-up): once the load was undone or other edits followed, it
        // has nothing left to finish, and recording it would wipe the redo of that load.
        if (key && key !== get().history.lastKey) return;
        edit({ nodes: get().nodes.map((n) => (positions[n.id] ? { ...n, position: positions[n.id] } : n)) }, key);
      },
      deleteSelected() {
        const nodes = get().nodes.filter((n) => !n.selected);
        const edges = dropDangling(
          get().edges.filter((e) => !e.selected),
          nodes,
        );
        if (nodes.length === get().nodes.length && edges.length === get().edges.length) return;
        edit({ nodes, edges, inputs: keepInputsOf(get().inputs, nodes) });
      },
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
      selectOnly(id) {
        set({ nodes: get().nodes.map((n) => (n.selected === (n.id === id) ? n : { ...n, selected: n.id === id })) });
      },
      selectAll() {
        // A hidden member selected would be deleted or dragged unseen; same order as `nodes`, so index i is node i.
        const shown = withFoldedHidden(get().nodes);
        const nodes = get().nodes.map((n, i) =>
          n.selected === !shown[i].hidden ? n : { ...n, selected: !shown[i].hidden },
        );
        set({ nodes });
      },
      copy() {
        const clip = copySelection(doc());
        if (clip) set({ clipboard: clip });
      },
      paste(at) {
        const clip = get().clipboard;
        if (clip) edit(pasteInto(doc(), clip, at));
      },
      duplicate() {
        const clip = copySelection(doc());
        if (clip) edit(pasteInto(doc(), clip));
      },
      undo() {
        const r = undo(get().history, doc());
        if (r) set({ ...r.doc, history: r.history, dirty: true });
      },
      redo() {
        const r = redo(get().history, doc());
        if (r) set({ ...r.doc, history: r.history, dirty: true });
      },
      load(graph, template, opts) {
        // Keyed by the load count, so a layout right after it (setPositions with the same key) is the same undo step.
        edit(fromGraph(graph), `load:${get().loads + 1}`);
        set({ template, dirty: opts?.dirty ?? false, loads: get().loads + 1 });
      },
      graph: () => toGraph(doc(), get().template.name),
      markSaved: (template) => get().relink(template, false),
      relink: (template, dirty) =>
        set((s) => {
          const history = relinkSteps(s.history, s.template, template);
          // An unsaved rename is the designer's own work: the canvas is no longer just opened (see open-guard.ts).
          const renamed = dirty && template.name !== s.template.name;
          return { template, dirty, history: renamed ? { ...history, lastKey: undefined } : history };
        }),
      setRun: (run) => set({ run }),
      applyEvent(ev) {
        const run = get().run;
        if (run) set({ run: applyRunEvent(run, ev) });
      },
      toast(kind, message, ms, target) {
        const id = ++toastSeq;
        const toast = { id, kind, message, ms, target };
        set({ toasts: [...get().toasts.filter((t) => t.message !== message), toast].slice(-4) });
      },
      dismissToast: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
    };
  });
}

/** `edges` plus a new wire for `a` (after any others in a list port), without the wire it `replaces`. */
function withWire(edges: FlowEdge[], a: Attempt, replaces?: string): FlowEdge[] {
  const kept = replaces ? edges.filter((e) => e.id !== replaces) : edges;
  const edge: FlowEdge = {
    id: newId('e', new Set(edges.map((e) => e.id))),
    source: a.source,
    sourceHandle: a.sourceHandle,
    target: a.target,
    targetHandle: a.targetHandle,
    data: { order: nextOrder(kept, a.target, a.targetHandle ?? '') },
  };
  return [...kept, edge];
}

/** A field edited by hand is the designer's value now: what a version switch put aside for it is dropped. */
function withoutAside(aside: Record<string, unknown> | undefined, patch: Record<string, unknown>) {
  if (!aside || !Object.keys(patch).some((k) => k in aside)) return {};
  const rest = Object.fromEntries(Object.entries(aside).filter(([k]) => !(k in patch)));
  return { aside: Object.keys(rest).length ? rest : undefined };
}

function dropDangling(edges: FlowEdge[], nodes: FlowNode[]): FlowEdge[] {
  const ids = new Set(nodes.map((n) => n.id));
  return edges.filter((e) => ids.has(e.source) && ids.has(e.target));
}

/** Edges into one list port, in their list order. */
export function sortedInto(edges: readonly FlowEdge[], target: string, handle: string): FlowEdge[] {
  return edges
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.target === target && e.targetHandle === handle)
    .sort((a, b) => (a.e.data?.order ?? a.i) - (b.e.data?.order ?? b.i) || a.i - b.i)
    .map(({ e }) => e);
}
