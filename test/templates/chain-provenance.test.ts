import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail } from '../../shared/api.ts';
import type { Graph } from '../../shared/graph.ts';
import { probe } from '../../server/media/ffmpeg.ts';
import { readProvenance, type Provenance } from '../../server/media/provenance.ts';
import { harness, waitRun, type Harness } from '../server/helpers.ts';

/** The chain example end to end on the real local engine, and the provenance its output carries. */
let h: Harness;
let run: RunDetail;
const story = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../examples/story-continuation.json'), 'utf8'),
) as Graph;
const file = (mediaUrl: string) => join(h.dataDir, mediaUrl);

beforeAll(async () => {
  h = await harness({ paid: true });
  const start = await h.api<RunDetail>('/api/runs', { json: { graph: story } });
  expect(start.status, JSON.stringify(start.body)).toBe(201);
  run = await waitRun(h.server.url, start.body.id);
});
afterAll(async () => h?.close());

describe('story continuation', () => {
  it('runs end to end and the story lasts as long as its two clips together', async () => {
    expect(run.status, JSON.stringify(run.nodes)).toBe('completed');
    const [first, second, joined] = await Promise.all(
      [run.nodes.t2v.outputs!.video, run.nodes.i2v.outputs!.video, run.nodes.join.outputs!.video].map((u) =>
        probe(file(u)),
      ),
    );
    expect(first.duration).toBeGreaterThan(1);
    expect(second.duration).toBeGreaterThan(1);
    // Frame-rounding aside (one frame at the test fps), no time is lost or added at the cut.
    expect(Math.abs(joined.duration - (first.duration + second.duration))).toBeLessThan(0.15);
    expect(run.nodes.last.state).toBe('done');
  });

  it('the output is a per-run copy that carries the graph, run id, fal request ids and cost (tag and sidecar)', async () => {
    const out = run.outputs.out;
    expect(out).toBe(`/media/runs/${run.id}/out.mp4`);
    expect((await fetch(h.server.url + out)).status).toBe(200);
    const prov = (await readProvenance(file(out)))!;
    expect(prov.runId).toBe(run.id);
    expect(prov.graph).toMatchObject({ nodes: story.nodes.map((n) => ({ id: n.id, type: n.type })) });
    expect(new Set(prov.requestIds)).toEqual(new Set([run.nodes.t2v.requestId, run.nodes.i2v.requestId]));
    expect(prov.cost).toBeCloseTo(run.cost, 5);
    expect(run.cost).toBeGreaterThan(0);
    const sidecar = JSON.parse(readFileSync(`${file(out)}.json`, 'utf8')) as Provenance;
    expect(sidecar).toEqual(prov);
    // The shared, content-addressed kept copy is left as it was.
    const kept = run.nodes.join.outputs!.video;
    expect(existsSync(`${file(kept)}.json`)).toBe(false);
    expect((await probe(file(kept))).tags.comment).toBeUndefined();
  });

  it('POST /api/provenance turns the dropped MP4 back into its graph', async () => {
    const res = await postFile(readFileSync(file(run.outputs.out)), 'story.mp4', 'video/mp4');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Provenance;
    expect(body.runId).toBe(run.id);
    expect((body.graph as Graph).edges).toEqual(run.graph.edges);
    // Reopened graph runs again entirely from the cache: it is the graph that made this file.
    const again = await h.api<RunDetail>('/api/runs', { json: { graph: body.graph } });
    const done = await waitRun(h.server.url, again.body.id);
    expect(done.cost).toBe(0);
    expect(done.nodes.join.outputs).toEqual(run.nodes.join.outputs);
  });

  it('POST /api/provenance: a graph JSON opens as is; other files are refused saying why', async () => {
    const asJson = await postFile(Buffer.from(JSON.stringify(story)), 'story.json', 'application/json');
    expect(asJson.status).toBe(200);
    expect(((await asJson.json()) as { graph: Graph }).graph.nodes.length).toBe(story.nodes.length);

    const plain = readFileSync(file(run.nodes.t2v.outputs!.video));
    const noTag = await postFile(plain, 'clip.mp4', 'video/mp4');
    expect(noTag.status).toBe(400);
    expect(((await noTag.json()) as { error: string }).error).toMatch(/no pikaflow provenance/);

    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    expect((await postFile(png, 'x.png', 'image/png')).status).toBe(415);
    const text = await postFile(Buffer.from('hello'), 'x.txt', 'text/plain');
    expect(text.status).toBe(415);
    expect(((await text.json()) as { error: string }).error).toMatch(/Not an MP4 and not JSON/);
    const notGraph = await postFile(Buffer.from('{"version":1,"nodes":"x"}'), 'g.json', 'application/json');
    expect(notGraph.status).toBe(400);
    expect(((await notGraph.json()) as { error: string }).error).toMatch(/Not a pikaflow graph: .*nodes/);
    expect((await fetch(`${h.server.url}/api/provenance`, { method: 'POST', body: new FormData() })).status).toBe(400);
  });

  it('per-run media paths refuse anything but a run id and a plain file name', async () => {
    for (const bad of [
      '/media/runs/x/out.mp4',
      `/media/runs/${run.id}/..%2Fpikaflow.db`,
      `/media/runs/${run.id}/out.txt`,
    ])
      expect((await fetch(h.server.url + bad)).status).toBe(404);
    expect((await fetch(`${h.server.url}/media/runs/${run.id}/out.mp4.json`)).status).toBe(200);
  });
});

function postFile(bytes: Buffer, name: string, type: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  return fetch(`${h.server.url}/api/provenance`, { method: 'POST', body: form });
}
