import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent } from '../../shared/events.ts';
import { GraphSchema, type Graph } from '../../shared/graph.ts';
import { createEngine, type Engine } from '../../server/engine/engine.ts';
import type { LocalExecutor } from '../../server/engine/local-executors.ts';
import { openStore } from '../../server/store/index.ts';
import { fakeFal, type FakeFal } from './fake-fal.ts';

export const T2V = 'fal-ai/pika/v2/turbo/text-to-video';
export const SWAPS = 'fal-ai/pika/v2/pikaswaps';

type NodeSpec = [id: string, type: 'pika-turbo-text-to-video' | 'pika-pikaswaps' | 'concatenate', seed?: number];
type EdgeSpec = [source: string, target: string, targetHandle?: string];

/** A graph from compact specs; seeds keep equal-looking nodes apart (equal fingerprints are one piece of work). */
export function graphOf(nodes: NodeSpec[], edges: EdgeSpec[] = []): Graph {
  const params = (type: string, seed = 1) =>
    type === 'concatenate'
      ? {}
      : type === 'pika-pikaswaps'
        ? { prompt: 'swap', modify_region: 'the sky', seed }
        : { prompt: 'clip', seed };
  return GraphSchema.parse({
    version: 1,
    nodes: nodes.map(([id, type, seed]) => ({ id, type, data: { params: params(type, seed) } })),
    edges: edges.map(([source, target, handle = 'video'], i) => ({
      id: `e${i}`,
      source,
      sourceHandle: 'video',
      target,
      targetHandle: handle,
    })),
  });
}

export interface EngineHarness {
  fake: FakeFal;
  engine: Engine;
  /** Calls of the stand-in `concatenate` step: its inputs and every node's state at that moment. */
  joins: { videos: string[]; states: Record<string, string> }[];
  close(): Promise<void>;
}

/**
 * An engine on the fake fal with a real SQLite store in a temp folder. `paid`: the fake plays real fal (a `fal`
 * target, so nodes record prices as money spent); otherwise it is the local engine and runs are previews.
 * The `concatenate` step is a stand-in (no ffmpeg), so a join can be watched without rendering anything.
 */
export async function engineOnFake(o: { paid?: boolean; concurrency?: number } = {}): Promise<EngineHarness> {
  const fake = await fakeFal();
  const dataDir = await mkdtemp(join(tmpdir(), 'pikaflow-scheduler-'));
  const store = openStore(dataDir);
  const joins: EngineHarness['joins'] = [];
  let engine!: Engine;
  const concatenate: LocalExecutor = async (_params, inputs, ctx) => {
    const [run] = store.runs.unfinished();
    const states = Object.fromEntries(Object.entries(engine.getRun(run.id)!.nodes).map(([id, n]) => [id, n.state]));
    joins.push({ videos: inputs.videos ?? [], states });
    const file = ctx.newFile('mp4');
    await writeFile(file, `joined:${(inputs.videos ?? []).join(',')}`);
    return { video: file };
  };
  const targets = o.paid
    ? { fal: { kind: 'fal' as const, fal: fake.fal, key: 'fal', trustedOrigins: [fake.origin] } }
    : { local: { kind: 'local' as const, fal: fake.fal, key: `local:${fake.origin}` } };
  // Polling stays the engine's own business (a few ms here); the tests themselves only ever wait on events.
  engine = createEngine({
    store,
    targets,
    dataDir,
    mediaDir: join(dataDir, 'media'),
    concurrency: o.concurrency ?? 4,
    pollIntervalMs: 5,
    retry: { max: 2, baseMs: 5 },
    allowOrigins: [fake.origin],
    localExecutors: { concatenate },
  });
  return {
    fake,
    engine,
    joins,
    async close() {
      await engine.close();
      store.close();
      await fake.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resolves with the first event of `runId` (already stored or still to come) that matches. */
export function eventOf(engine: Engine, runId: string, match: (e: RunEvent) => boolean): Promise<RunEvent> {
  // Stored events are read and the listener attached in one synchronous step, so nothing slips between them.
  const seen = engine.store.runs.events(runId).find(match);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve) => {
    const off = engine.subscribe(runId, (e) => {
      if (match(e)) off(), resolve(e);
    });
  });
}
