import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadGraph } from '../../cli/load-graph.ts';
import { openStore } from '../../server/store/index.ts';
import { parseGraphJson } from '../../client/store/graph-doc.ts';
import { estimateCost } from '../../shared/cost.ts';
import { graphFingerprints } from '../../shared/fingerprint.ts';
import { upgradeGraph, upgradeStoredGraph } from '../../shared/graph-migrate.ts';
import { GRAPH_VERSION, GraphSchema, type Graph } from '../../shared/graph.ts';
import { validateGraph } from '../../shared/validate.ts';
import { tmpDir } from '../server/helpers.ts';

/**
 * Graph format v1 → v2 (issue 13). The fixtures are the shipped examples (and the invalid ones) exactly as they were
 * at a5e5ba7, the last commit of format 1; `graph-v1-behaviour.json` is what that commit's own code said about them
 * (validation, fingerprints on both engines, cost), computed there. A v1 graph must mean the same today.
 */
const DIR = 'test/shared/fixtures/graph-v1';
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const raw = (f: string) => JSON.parse(readFileSync(`${DIR}/${f}`, 'utf8')) as { version: number; nodes: unknown[] };
const before = JSON.parse(readFileSync('test/shared/fixtures/graph-v1-behaviour.json', 'utf8')) as Record<
  string,
  { parse?: string[]; problems?: string[]; fingerprints?: Record<string, unknown>; cost?: unknown }
>;

/** What the code says about a graph, in the shape the v1 code recorded. */
function behaviour(g: Graph) {
  const problems = validateGraph(g).map((p) => [p.code, p.nodeId ?? null, p.field ?? null].join(' '));
  const acyclic = !problems.some((p) => p.startsWith('cycle'));
  return {
    problems,
    fingerprints: {
      fal: acyclic ? Object.fromEntries(graphFingerprints(g, {}, 'fal')) : 'cycle',
      local: acyclic ? Object.fromEntries(graphFingerprints(g, {}, 'local')) : 'cycle',
    },
    cost: estimateCost(g),
  };
}

describe('a version 1 graph', () => {
  it('is what the fixtures are', () => {
    expect(files.length).toBeGreaterThanOrEqual(18);
    for (const f of files) expect(raw(f).version, f).toBe(1);
    expect(GRAPH_VERSION).toBe(2);
  });

  it.each(files)('%s parses as version 2 with the same nodes, wires and inputs', (f) => {
    const doc = raw(f);
    const parsed = GraphSchema.safeParse(doc);
    expect(parsed.success).toBe(!before[f].parse);
    if (!parsed.success) return;
    expect(parsed.data.version).toBe(2);
    // Node types are not renamed: every v1 type is still a registry type (the version picker groups them).
    expect(parsed.data.nodes.map((n) => n.type)).toEqual((doc.nodes as { type: string }[]).map((n) => n.type));
    const { version: _v, ...rest } = parsed.data;
    const { version: _w, ...same } = GraphSchema.parse({ ...doc, version: 2 });
    expect(rest).toEqual(same);
  });

  it.each(files)('%s validates, fingerprints (so hits the cache) and costs as under format 1', (f) => {
    const parsed = GraphSchema.safeParse(raw(f));
    if (!parsed.success) return expect(before[f].parse).toBeDefined();
    expect(behaviour(parsed.data)).toEqual(before[f]);
  });

  it('opens from an import or a draft (the editor parses JSON text) and in the CLI', () => {
    const text = readFileSync(`${DIR}/image-to-video-swaps.json`, 'utf8');
    const imported = parseGraphJson(text);
    expect('graph' in imported && imported.graph.version).toBe(2);
    expect(loadGraph(`${DIR}/image-to-video-swaps.json`).version).toBe(2);
  });

  it('passes `pikaflow validate` with the same order and cost', async () => {
    const { stdout } = await promisify(execFile)('node', [
      'bin/pikaflow.mjs',
      'validate',
      `${DIR}/fan-out-three-models.json`,
    ]);
    expect(stdout).toMatch(/Execution order:/);
    expect(stdout).toContain('$0.80');
  });

  it('stored before the change (a template, its versions, a run) reads back as version 2, its content intact', async () => {
    const dir = await tmpDir('migrate-');
    try {
      const store = openStore(dir);
      const v1 = raw('image-to-video-swaps.json') as unknown as Graph;
      const t = store.graphs.create('old template', v1);
      store.runs.create({ id: 'old-run', graph: v1, options: { salts: {} } }, []);
      const read = [
        store.graphs.get(t.id)!.graph,
        store.graphs.version(t.id, 1)!.graph,
        store.runs.get('old-run')!.graph,
      ];
      for (const g of read) {
        expect(g.version).toBe(2);
        expect(g.nodes).toEqual(v1.nodes);
        expect(behaviour(g)).toEqual(before['image-to-video-swaps.json']);
      }
      store.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('graph versions', () => {
  it('refuses a graph from a newer pikaflow, saying so, and an unknown old one', () => {
    const newer = parseGraphJson(JSON.stringify({ version: 3, nodes: [], edges: [] }));
    expect('error' in newer && newer.error).toMatch(/newer pikaflow/);
    expect(GraphSchema.safeParse({ version: 0, nodes: [], edges: [] }).success).toBe(false);
  });

  it('leaves a current graph and anything that is not an older graph untouched', () => {
    const g = { version: 2, nodes: [], edges: [], inputs: [] };
    expect(upgradeGraph(g)).toBe(g);
    expect(upgradeStoredGraph(g)).toBe(g);
    for (const odd of [null, 'x', { nodes: [] }, { version: 7 }]) expect(upgradeStoredGraph(odd)).toBe(odd);
  });

  it('writes the current version: a parsed v2 graph parses to itself', () => {
    const once = GraphSchema.parse(raw('story-continuation.json'));
    expect(GraphSchema.parse(JSON.parse(JSON.stringify(once)))).toEqual(once);
  });
});
