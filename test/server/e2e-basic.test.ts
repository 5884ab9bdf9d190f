import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail } from '../../shared/api.ts';
import { probe } from '../../server/media/ffmpeg.ts';
import { graph, harness, readSse, waitRun, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => h?.close());

const t2v = (prompt: string, seed = 1) => ({ prompt, seed, resolution: '720p', duration: 5 });

describe('runs end to end through HTTP', () => {
  it('runs a text-to-video graph and keeps a playable MP4 under /media', async () => {
    const g = graph(
      [
        ['t', 'pika-turbo-text-to-video', t2v('a red fox')],
        ['out', 'output'],
      ],
      [['t.video', 'out.in']],
    );
    const start = await h.api<RunDetail>('/api/runs', { json: { graph: g } });
    expect(start.status).toBe(201);
    const run = await waitRun(h.server.url, start.body.id);
    expect(run.status).toBe('completed');
    expect(run.nodes.t.state).toBe('done');
    expect(run.nodes.t.requestId).toBeTruthy();
    expect(run.outputs.out).toMatch(/^\/media\/([a-f0-9]{64}|runs\/[a-f0-9-]{36}\/[\w-]+)\.mp4$/);
    const res = await fetch(h.server.url + run.outputs.out);
    expect(res.status).toBe(200);
    const file = join(h.dataDir, run.outputs.out);
    const info = await probe(file);
    expect(info.codec).toBe('h264');
    expect(info.duration).toBeGreaterThan(1);
    expect((await readFile(file)).length).toBe(Number(res.headers.get('content-length')));
  });

  it('streams events over SSE with ids and closes after the terminal event; replays from Last-Event-ID', async () => {
    const g = graph(
      [
        ['t', 'pika-turbo-text-to-video', t2v('sse test')],
        ['out', 'output'],
      ],
      [['t.video', 'out.in']],
    );
    const { body } = await h.api<RunDetail>('/api/runs', { json: { graph: g } });
    const all = await readSse(`${h.server.url}/api/runs/${body.id}/events`);
    const types = all.map((e) => e.event.type);
    expect(types[0]).toBe('run.queued');
    expect(types).toContain('node.submitted');
    expect(types).toContain('node.completed');
    expect(types.at(-1)).toBe('run.completed');
    expect(all.map((e) => e.id)).toEqual(all.map((_, i) => i + 1));
    const rest = await readSse(`${h.server.url}/api/runs/${body.id}/events`, { 'last-event-id': '3' });
    expect(rest.map((e) => e.id)).toEqual(all.slice(3).map((e) => e.id));
    const viaQuery = await readSse(`${h.server.url}/api/runs/${body.id}/events?since=${all.length - 1}`);
    expect(viaQuery.map((e) => e.event.type)).toEqual(['run.completed']);
  });
});
