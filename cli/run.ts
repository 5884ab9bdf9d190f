import { resolve } from 'node:path';
import type { RunDetail } from '../shared/api.ts';
import { getNodeDef } from '../shared/registry.ts';
import type { Graph } from '../shared/graph.ts';
import { describeEngines } from '../server/engine-banner.ts';
import { RunRequestError } from '../server/engine/prepare-run.ts';
import { pickedTakes } from '../server/engine/reroll-takes.ts';
import { loadEnv } from '../server/env.ts';
import { optionsFromEnv, startServer } from '../server/start-server.ts';
import { CliError, loadGraph } from './load-graph.ts';
import { progressDisplay } from './progress.ts';
import type { RunArgs } from './run-args.ts';

/**
 * `pikaflow run <graph.json> [--set node.param=value …]` or `--template <name> [--input name=value …]`: runs on the
 * same engine and data folder as the server (so its cache is shared), without the UI. Exit 0 only on success.
 * Takes arguments already parsed (cli/index.ts), so `--help` and usage errors answer without loading the server.
 */
export async function runCommand(args: RunArgs): Promise<number> {
  let env: ReturnType<typeof loadEnv>;
  try {
    env = loadEnv();
  } catch (err) {
    throw new CliError((err as Error).message.replace(/\n/g, ' '));
  }
  // No HTTP is needed, but the engine is the server's: same store, cache, media and fal client. Port 0, and no
  // resume, so a server running on the same data folder keeps its own runs.
  const server = await startServer({ ...optionsFromEnv(env), port: 0, host: '127.0.0.1', resume: false });
  try {
    const { graph, graphId } = pickGraph(
      args.file,
      args.template,
      server.store.graphs.list(),
      (id) => server.store.graphs.get(id)?.graph,
    );
    for (const s of args.sets) {
      const node = graph.nodes.find((n) => n.id === s.node);
      if (!node)
        throw new CliError(
          `--set ${s.node}.${s.param}: no node "${s.node}" (nodes: ${graph.nodes.map((n) => n.id).join(', ')})`,
        );
      node.data.params = { ...node.data.params, [s.param]: s.value };
    }
    for (const id of args.resubmit)
      if (!graph.nodes.some((n) => n.id === id))
        throw new CliError(`--resubmit ${id}: no node "${id}" (nodes: ${graph.nodes.map((n) => n.id).join(', ')})`);
    // Said once, the same way the server's start banner says it: where runs go and whether they cost money.
    for (const line of describeEngines({
      falKey: env.FAL_KEY,
      localFalUrl: env.LOCAL_FAL_URL,
      builtInUrl: server.localFal?.url,
    }))
      console.log(line);
    if (env.DATABASE_URL)
      console.log(
        "Team server (DATABASE_URL): the run goes to the team's queue; a worker (npm run worker) executes it.",
      );
    const display = progressDisplay(
      graph.nodes.map((n) => ({ id: n.id, title: n.data.label ?? getNodeDef(n.type)?.title ?? n.type })),
    );
    display.start();
    const detail = await server.engine.runGraph(
      graph,
      {
        graphId,
        inputs: Object.keys(args.inputs).length ? args.inputs : undefined,
        budget: args.budget,
        reroll: args.reroll,
        // Without a key every run is local anyway; with one, only an explicit --preview keeps it off fal.
        ...(args.preview ? { engine: 'local' as const } : {}),
        ...(args.resubmit.length ? { resubmit: args.resubmit } : {}),
      },
      display.onEvent,
    );
    // Runs stored before engines were recorded have none: then a key meant fal.
    const preview = (detail.engine ?? (env.FAL_KEY ? 'fal' : 'local')) === 'local';
    console.log(`\n${summary(detail, preview)}`);
    for (const line of keptTakes(detail, args.reroll, server.store.runs.get(detail.id)?.options.salts))
      console.log(line);
    for (const [id, state] of Object.entries(detail.nodes))
      if (state.outputs && graph.nodes.find((n) => n.id === id)?.type === 'output')
        for (const url of Object.values(state.outputs))
          console.log(
            `  ${id}: ${mediaPath(url, server.engine.media.dir)}${preview ? '  (preview, not a Pika video)' : ''}`,
          );
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

/** The last line: a preview never shows money as spent, only what the same run would cost on fal. */
function summary(detail: RunDetail, preview: boolean): string {
  const usd = (n: number) => `$${n.toFixed(2)}`;
  if (!preview) return `Run ${detail.id}: ${detail.status} · cost ${usd(detail.cost)} on fal`;
  const estimate = detail.estimate ?? Object.values(detail.nodes).reduce((s, n) => s + (n.estimate ?? 0), 0);
  return `Run ${detail.id}: ${detail.status} · preview (local engine), would cost ${usd(estimate)} on fal`;
}

/**
 * A re-rolled generation node made a new take (prepare-run.ts): the graph file does not change, so say its seed and
 * how to keep it (the same fingerprint, so that run finds it in the cache). Nothing for a take that did not finish.
 */
function keptTakes(detail: RunDetail, reroll: string[], salts?: Record<string, string>): string[] {
  const engine = detail.engine ?? 'fal';
  return pickedTakes(detail.graph, reroll, engine, salts)
    .filter(
      (t) => t.seed !== undefined && ['done', 'cached'].includes(detail.nodes[t.nodeId]?.takes?.[t.take]?.state ?? ''),
    )
    .map((t) => `  ${t.nodeId}: take ${t.take + 1}, seed ${t.seed} — keep it with --set ${t.nodeId}.seed=${t.seed}`);
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
  if (!hit)
    throw new CliError(`no template named "${template}" (have: ${list.map((g) => g.name).join(', ') || 'none'})`);
  return { graph: get(hit.id)!, graphId: hit.id };
}
