import { useConnection, type ConnectionState } from '@xyflow/react';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { getNodeDef } from '../../shared/registry.ts';
import { checkConnection, type Attempt } from '../store/connection-rules.ts';
import { useEditorStore } from '../store/context.tsx';
import './wiring.css';

type End = { nodeId: string; id?: string | null; type: 'source' | 'target' };

/** The wire the pointer holds and the handle it is over, in the store's terms (null when nothing is dragged). */
function attemptOf(from: End, to: End): Attempt {
  return from.type === 'source'
    ? { source: from.nodeId, sourceHandle: from.id ?? null, target: to.nodeId, targetHandle: to.id ?? null }
    : { source: to.nodeId, sourceHandle: to.id ?? null, target: from.nodeId, targetHandle: from.id ?? null };
}

const pick = (c: ConnectionState) =>
  c.inProgress
    ? {
        from: `${c.fromHandle.nodeId}\u0000${c.fromHandle.id ?? ''}\u0000${c.fromHandle.type}`,
        to: c.toHandle ? `${c.toHandle.nodeId}\u0000${c.toHandle.id ?? ''}\u0000${c.toHandle.type}` : '',
        valid: c.isValid,
        x: c.pointer.x,
        y: c.pointer.y,
      }
    : null;

const parse = (key: string): End => {
  const [nodeId, id, type] = key.split('\u0000');
  return { nodeId, id: id || null, type: type as End['type'] };
};

/**
 * Feedback while a wire is dragged: every handle it could plug into glows and the rest dim (one stylesheet for the
 * whole drag, so no node re-renders), and over a handle that refuses it the reason is written at the pointer.
 * `moving`: the id of a wire whose end is being dragged off (judged as if it were not there).
 */
export function WireFeedback({ moving }: { moving: () => string | undefined }) {
  const store = useEditorStore();
  const c = useConnection(useShallow(pick));
  const from = c?.from;
  // biome-ignore lint/correctness/useExhaustiveDependencies: computed once per drag (the graph cannot change mid-drag)
  const sheet = useMemo(() => (from ? fitsSheet(store.getState(), parse(from), moving()) : ''), [from]);
  if (!c) return null;
  let reason = '';
  if (c.to && c.valid === false) {
    const s = store.getState();
    const v = checkConnection(s.nodes, s.edges, attemptOf(parse(c.from), parse(c.to)), moving());
    reason = v.ok ? '' : v.reason;
  }
  return (
    <>
      <style>{sheet}</style>
      {reason && (
        <div className="pf-wire-hint" role="status" data-testid="wire-hint" style={{ left: c.x + 14, top: c.y - 14 }}>
          {reason}
        </div>
      )}
    </>
  );
}

/** CSS that lights the handles a wire from `from` fits and dims the others, plus the nodes that have none. */
function fitsSheet(s: ReturnType<ReturnType<typeof useEditorStore>['getState']>, from: End, moving?: string): string {
  const other = from.type === 'source' ? 'target' : 'source';
  const fits: string[] = [];
  const nodes = new Set<string>([from.nodeId]);
  for (const n of s.nodes) {
    const def = getNodeDef(n.type ?? '');
    const ports = other === 'target' ? def?.inputs : def?.outputs;
    for (const p of ports ?? []) {
      const to: End = { nodeId: n.id, id: p.name, type: other };
      if (!checkConnection(s.nodes, s.edges, attemptOf(from, to), moving).ok) continue;
      fits.push(
        `.react-flow__handle.${other}[data-nodeid="${CSS.escape(n.id)}"][data-handleid="${CSS.escape(p.name)}"]`,
      );
      nodes.add(n.id);
    }
  }
  const keep = [...nodes].map((id) => `:not([data-id="${CSS.escape(id)}"])`).join('');
  return [
    '.react-flow__handle:not(.connectingfrom) { opacity: 0.25; }',
    `.react-flow__node${keep} { opacity: 0.55; }`,
    // A wire end being moved leaves its grab rings behind: hide them while anything is dragged.
    '.react-flow__edgeupdater { visibility: hidden; }',
    fits.length
      ? `${fits.join(',\n')} { opacity: 1; box-shadow: 0 0 0 4px var(--pf-fit-glow); transform: scale(1.25); }`
      : '',
  ].join('\n');
}
