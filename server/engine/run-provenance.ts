import { createHash } from 'node:crypto';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { NodeOutputs } from '../../shared/define-node.ts';
import type { EngineKind } from '../../shared/events.ts';
import type { Graph } from '../../shared/graph.ts';
import { getNodeDef } from '../../shared/registry.ts';
import { upstreamOf } from '../../shared/topo.ts';
import { writeProvenance } from '../media/provenance.ts';
import type { NodeRecord } from '../store/runs-store.ts';
import { MEDIA_PREFIX } from './media-keeper.ts';

/** A kept video, as the client sees it: `/media/<sha256>.mp4`. */
const KEPT_MP4 = /^\/media\/([a-f0-9]{64}\.mp4)$/;
const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** File name of an Output node's per-run copy; odd node ids are hashed so nothing unsafe reaches a path. */
export const runFileName = (nodeId: string) =>
  `${SAFE_ID.test(nodeId) ? nodeId : createHash('sha256').update(nodeId).digest('hex').slice(0, 16)}.mp4`;

export interface RunProvenanceContext {
  runId: string;
  graph: Graph;
  scope: Set<string>;
  records: Map<string, NodeRecord>;
  mediaDir: string;
  /** The request that first produced a fingerprint (a cached node was paid for by an earlier run). */
  requestIdFor(fingerprint: string): string | undefined;
  /** Who made the outputs: fal, or the built-in local engine (a preview). */
  engine?: EngineKind;
}

/**
 * Stamps each Output node's video with what made it (graph, run id, fal request ids, cost). Kept copies are
 * content-addressed and shared by every run that produced the same bytes, so they are never touched: each run gets
 * its own copy under `media/runs/<runId>/`, with the provenance in the MP4's comment tag and a JSON sidecar beside it.
 * Returns the Output nodes' new outputs, pointing at those copies.
 */
export async function stampRunOutputs(ctx: RunProvenanceContext): Promise<Map<string, NodeOutputs>> {
  const stamped = new Map<string, NodeOutputs>();
  for (const node of ctx.graph.nodes) {
    const rec = ctx.records.get(node.id);
    const kept = rec?.outputs?.value?.match(KEPT_MP4)?.[1];
    if (!ctx.scope.has(node.id) || getNodeDef(node.type)?.category !== 'Output' || !kept) continue;
    const makers = [...upstreamOf(ctx.graph, [node.id])]
      .filter((id) => ctx.scope.has(id))
      .map((id) => ctx.records.get(id));
    const requestIds = new Set<string>();
    let cost = 0;
    for (const m of makers) {
      const id = m?.requestId ?? (m?.fingerprint ? ctx.requestIdFor(m.fingerprint) : undefined);
      if (id) requestIds.add(id);
      cost += m?.cost ?? 0;
    }
    const dir = join(ctx.mediaDir, 'runs', ctx.runId);
    await mkdir(dir, { recursive: true });
    const file = runFileName(node.id);
    await copyFile(join(ctx.mediaDir, kept), join(dir, file));
    await writeProvenance(join(dir, file), {
      graph: ctx.graph,
      runId: ctx.runId,
      requestIds: [...requestIds],
      cost: Math.round(cost * 10000) / 10000,
      engine: ctx.engine ?? 'fal',
    });
    stamped.set(node.id, { ...rec!.outputs, value: `${MEDIA_PREFIX}runs/${ctx.runId}/${file}` });
  }
  return stamped;
}
