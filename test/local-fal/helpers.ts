import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FalClient } from '@fal-ai/client';
import type { NodeDef, PortValues } from '../../shared/define-node.ts';
import { initialParams } from '../../shared/registry.ts';
import { probe, runFfmpeg } from '../../server/media/ffmpeg.ts';

/** Test media made with ffmpeg, and small utilities to look at what the engine produced. */

export async function workDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'local-fal-test-'));
}

/** A 640x360 PNG (16:9) from one of ffmpeg's test sources, or a solid colour. */
export async function makeImage(dir: string, name: string, source = 'testsrc'): Promise<Blob> {
  const file = join(dir, `${name}.png`);
  const src = source.startsWith('color') ? `${source}:s=640x360` : `${source}=s=640x360`;
  await runFfmpeg(['-f', 'lavfi', '-i', src, '-frames:v', '1', file]);
  return new Blob([await readFile(file)], { type: 'image/png' });
}

/** A 2 s 640x360 H.264 clip, the source video for swaps and additions. */
export async function makeVideo(dir: string): Promise<Blob> {
  const file = join(dir, 'source.mp4');
  await runFfmpeg([
    '-f',
    'lavfi',
    '-i',
    'testsrc2=s=640x360:r=15:d=2',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    file,
  ]);
  return new Blob([await readFile(file)], { type: 'video/mp4' });
}

export interface Uploaded {
  images: string[];
  video: string;
}

/** Uploads test media to the engine's storage with the real client. */
export async function uploadMedia(fal: FalClient, dir: string): Promise<Uploaded> {
  const sources = ['testsrc', 'color=c=red', 'color=c=blue', 'smptebars', 'rgbtestsrc'];
  const blobs = await Promise.all(sources.map((s, i) => makeImage(dir, `img${i}`, s)));
  const images = await Promise.all(blobs.map((b) => fal.storage.upload(b)));
  const video = await fal.storage.upload(await makeVideo(dir));
  return { images, video };
}

/** Port values for a def: a prompt for text ports, uploaded images / video for media ports. */
export function sampleInputs(def: NodeDef, media: Uploaded): PortValues {
  const values: PortValues = {};
  for (const port of def.inputs) {
    if (port.kind === 'text') values[port.name] = [`${def.title} of a lighthouse at dusk`];
    else if (port.kind === 'video') values[port.name] = [media.video];
    else if (port.kind === 'image')
      values[port.name] = port.list ? media.images.slice(0, Math.max(2, port.list.min)) : [media.images[0]];
  }
  return values;
}

/** The fal body the product would send for this def: the registry's own request builder on its initial params. */
export function sampleBody(def: NodeDef, media: Uploaded, overrides: Record<string, unknown> = {}) {
  return def.request({ ...initialParams(def), ...overrides }, sampleInputs(def, media));
}

/** Downloads a result video and probes it. */
export async function fetchVideo(url: string, dir: string, name: string) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  const file = join(dir, `${name}.mp4`);
  await writeFile(file, bytes);
  return { file, bytes, contentType: res.headers.get('content-type'), info: await probe(file) };
}

/** One decoded frame as raw RGB at a small size, to compare pictures. */
export async function frameAt(file: string, seconds: number): Promise<Buffer> {
  const out = `${file}.${seconds}.rgb`;
  await runFfmpeg([
    '-ss',
    String(seconds),
    '-i',
    file,
    '-frames:v',
    '1',
    '-vf',
    'scale=64:36',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    out,
  ]);
  return readFile(out);
}

/** Mean absolute difference between two frames (0..255). */
export function frameDiff(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) sum += Math.abs(a[i] - b[i]);
  return sum / Math.max(1, Math.min(a.length, b.length));
}
