import type { NodeRunState } from '../../shared/api.ts';
import type { EngineKind } from '../../shared/events.ts';
import { graphFingerprints } from '../../shared/fingerprint.ts';
import { getNodeDef } from '../../shared/registry.ts';
import { pickOf, takesOf, type TakeSet } from '../../shared/takes.ts';
import { useEditor, useEditorStore } from '../store/context.tsx';
import type { EditorStore } from '../store/editor-store.ts';
import type { NodeData } from '../store/types.ts';
import { openCompare, type CompareItem } from './CompareView.tsx';
import { isMediaValue, isVideoUrl } from './media-urls.ts';
import { useNodePlan, type NodePlan } from './plan.ts';
import './takes.css';

type Take = Omit<NodeRunState, 'takes'>;
const made = (t?: Take) => !!t && (t.state === 'done' || t.state === 'cached');
const mediaOf = (t?: Take) => Object.values(t?.outputs ?? {}).find(isMediaValue);

/**
 * The takes of a generation node as a grid of thumbnails (issue 13): the picked one is ringed and is what feeds
 * downstream; a click on another picks it (free: every take is cached; what lies downstream runs again). Under the
 * grid: compare the takes side by side, and keep the picked take for good as the node's seed.
 */
export function TakesGrid({ nodeId, type, data }: { nodeId: string; type: string; data: NodeData }) {
  const store = useEditorStore();
  const record = useEditor((s) => s.run?.nodes[nodeId]);
  const engine = useEditor((s) => s.run?.engine ?? 'fal');
  // Params or inputs changed since the takes were made (the plan's "previous", as the single result's badge says):
  // they show the old settings, so they are dimmed and say so rather than pass for what Run would now make.
  const previous = !!useNodePlan(nodeId)?.previous;
  const count = takesOf({ type, data });
  if (count === 1) return null;
  const pick = pickOf({ type, data });
  const takes: (Take | undefined)[] = Array.from({ length: count }, (_, i) => record?.takes?.[i]);
  const stale = previous && takes.some(made);
  const setPick = (i: number) => store.getState().setTakes(nodeId, { pick: i });
  return (
    <div className={`pf-takes nodrag${stale ? ' is-previous' : ''}`} data-testid="takes" data-previous={stale}>
      {stale && (
        <div className="pf-takes__previous" data-testid="takes-previous">
          Takes from before your last change
        </div>
      )}
      <div className="pf-takes__grid" style={{ '--cols': Math.min(count, 4) } as React.CSSProperties}>
        {takes.map((t, i) => (
          <button
            // biome-ignore lint/suspicious/noArrayIndexKey: a take is its index (its seed follows from it)
            key={i}
            type="button"
            className={`pf-take pf-take--${t?.state ?? 'idle'}${i === pick ? ' is-picked' : ''}`}
            data-testid={`take-${i + 1}`}
            data-state={t?.state ?? 'idle'}
            aria-pressed={i === pick}
            title={takeTitle(i, t, i === pick, stale)}
            onClick={() => setPick(i)}
          >
            <TakeFace take={t} />
            <span className="pf-take__n">{i + 1}</span>
          </button>
        ))}
      </div>
      <div className="pf-takes__bar">
        <button
          type="button"
          className="pf-textbtn"
          data-testid="takes-compare"
          disabled={takes.filter(made).length < 2}
          title="The takes side by side, playing together"
          onClick={() =>
            openCompare(compareItems(store, nodeId, takes, pick), `Takes of ${data.label || getNodeDef(type)?.title}`)
          }
        >
          Compare
        </button>
        <button
          type="button"
          className="pf-textbtn"
          data-testid="takes-promote"
          title="Keep only this take: its seed becomes the node's seed (nothing is generated again)"
          onClick={() => promoteTake(store, nodeId, pick, engine)}
        >
          Keep take {pick + 1}
        </button>
      </div>
    </div>
  );
}

function TakeFace({ take }: { take?: Take }) {
  const url = made(take) ? mediaOf(take) : undefined;
  if (url)
    return isVideoUrl(url) ? (
      <video className="pf-take__media" src={url} muted loop autoPlay playsInline />
    ) : (
      <img className="pf-take__media" src={url} alt="" />
    );
  const state = take?.state ?? 'idle';
  const word: Record<string, string> = { running: '…', queued: 'queued', failed: 'failed', uncertain: '?' };
  return <span className="pf-take__state">{state === 'running' ? <span className="pf-spinner" /> : word[state]}</span>;
}

function takeTitle(i: number, t: Take | undefined, picked: boolean, stale: boolean): string {
  const state = !t ? 'not made yet' : made(t) ? (stale ? 'made before your last change' : 'made') : t.state;
  return `Take ${i + 1} · ${state}${picked ? ' · feeds downstream' : ' · click to use this take downstream'}`;
}

/** Each take's seed as this canvas computes it (take 0 of a node without a seed has none: fal picked it). */
function seedsOf(store: EditorStore, nodeId: string, engine: EngineKind): TakeSet | undefined {
  const sets = new Map<string, TakeSet>();
  graphFingerprints(store.getState().graph(), {}, engine, sets);
  return sets.get(nodeId);
}

/** The take becomes the node: its seed is set and the node makes one take again (cached: nothing is paid). */
export function promoteTake(store: EditorStore, nodeId: string, take: number, engine: EngineKind) {
  const seed = seedsOf(store, nodeId, engine)?.seeds[take];
  store.getState().setTakes(nodeId, { takes: 1, pick: 0 }, seed === undefined ? {} : { seed });
}

function compareItems(store: EditorStore, nodeId: string, takes: (Take | undefined)[], pick: number): CompareItem[] {
  const seeds = seedsOf(store, nodeId, store.getState().run?.engine ?? 'fal')?.seeds ?? [];
  return takes.flatMap((t, i) => {
    const url = made(t) ? mediaOf(t) : undefined;
    if (!url) return [];
    const seed = seeds[i];
    return [
      {
        url,
        label: `Take ${i + 1}${seed === undefined ? '' : ` · seed ${seed}`}${i === pick ? ' · in use' : ''}`,
        pick: () => store.getState().setTakes(nodeId, { pick: i }),
      },
    ];
  });
}

/**
 * What the node shows as its result: the take the canvas now picks, when the run on screen made it (a re-pick shows at
 * once; it costs nothing, so there is nothing to wait for).
 */
export function shownRun(run: NodeRunState | undefined, plan: NodePlan | undefined): NodeRunState | undefined {
  const take = plan?.shows !== undefined ? run?.takes?.[plan.shows] : undefined;
  return run && take?.outputs ? { ...run, outputs: take.outputs } : run;
}
