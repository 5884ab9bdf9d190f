import { resolve } from 'node:path';
import { getNodeDef } from '../shared/registry.ts';
import type { Graph } from '../shared/graph.ts';
import { RunRequestError } from '../server/engine/prepare-run.ts';
import { loadEnv } from '../server/env.ts';
import { optionsFromEnv, startServer } from '../server/start-server.ts';
import { CliError, loadGraph } from './load-graph.ts';
import { progressDisplay } from './progress.ts';
import { parseRunArgs } from './run-args.ts';

/**
 * `pikaflow run <graph.json> [--set node.param=value …]` or `--template <name> [--input name=value …]`: runs on the
 * same engine and data folder as the server (so its cache is shared), without the UI. Exit 0 only on success.
 */
export async function runCommand(argv: string[]): Promise<number> {
  const args = parseRunArgs(argv);
  let env;
  try {
    env = loadEnv();
  } catch (err) {
    throw new CliError((err as Error).message.replace(/\n/g, ' '));
  }
  // No HTTP is needed, but the engine is the server's: same store, cache, media and fal client. Port 0, and no
  // resume, so a server running on the same data folder keeps its own runs.
  const server = await startServer({ ...optionsFromEnv(env), port: 0, host: '127.0.0.1', resume: false });
  try {
    const { graph, graphId } = pickGraph(args.file, args.template, server.store.graphs.list(), (id) => server.store.graphs.get(id)?.graph);
    for (const s of args.sets) {
      const node = graph.nodes.find((n) => n.id === s.node);
      if (!node) throw new CliError(`--set ${s.node}.${s.param}: no node "${s.node}" (nodes: ${graph.nodes.map((n) => n.id).join(', ')})`);
      node.data.params = { ...node.data.params, [s.param]: s.value };
    }
    if (server.localFal || env.LOCAL_FAL_URL) console.log('Local fal engine: outputs are previews rendered on this machine, not Pika videos.');
    const display = progressDisplay(graph.nodes.map((n) => ({ id: n.id, title: n.data.label ?? getNodeDef(n.type)?.title ?? n.type })));
    display.start();
    const detail = await server.engine.runGraph(
      graph,
      { graphId, inputs: Object.keys(args.inputs).length ? args.inputs : undefined, budget: args.budget, reroll: args.reroll },
      display.onEvent,
    );
    console.log(`\nRun ${detail.id}: ${detail.status}, cost $${detail.cost.toFixed(2)}`);
    for (const [id, state] of Object.entries(detail.nodes))
      if (state.outputs && graph.nodes.find((n) => n.id === id)?.type === 'output')
        for (const url of Object.values(state.outputs)) console.log(`  ${id}: ${mediaPath(url, server.engine.media.dir)}`);
    return detail.status === 'completed' ? 0 : 1;
  } catch (err) {
    if (err instanceof RunRequestError) {
      console.error(`pikaflow: run refused: ${err.message}`);
      for (const p of err.problems.slice(1)) console.error(`  - ${p.message}`);
      return 1;
    }
    throw err;
  } finally {
    await server.close();
  }
}

/** Our kept copies are printed as file paths (openable), anything else as its URL. */
function mediaPath(url: string, mediaDir: string): string {
  return url.startsWith('/media/') ? resolve(mediaDir, url.slice('/media/'.length)) : url;
}

function pickGraph(
  file: string | undefined,
  template: string | undefined,
  list: { id: string; name: string }[],
  get: (id: string) => Graph | undefined,
): { graph: Graph; graphId?: string } {
  if (file) return { graph: loadGraph(file) };
  const hit = list.find((g) => g.name === template) ?? list.find((g) => g.id === template);
  if (!hit) throw new CliError(`no template named "${template}" (have: ${list.map((g) => g.name).join(', ') || 'none'})`);
  return { graph: get(hit.id)!, graphId: hit.id };
}
