import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { NodeOutputs } from '../../shared/define-node.ts';
import { mediaExecutors, type LocalExecutor, type LocalExecutorContext } from '../media/executors.ts';
import type { MediaKeeper } from './media-keeper.ts';

export type { LocalExecutor, LocalExecutorContext };

/**
 * Executors for registry entries with a `local` key (ffmpeg steps), looked up by that key, never by node type.
 * Starts with the media steps; more can be registered (`registerLocalExecutor`).
 */
export const localExecutors: Record<string, LocalExecutor> = { ...mediaExecutors };

export function registerLocalExecutor(key: string, fn: LocalExecutor) {
  localExecutors[key] = fn;
}

const TYPES: Record<string, string> = { mp4: 'video/mp4', png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' };

/**
 * Runs a local step on kept files: inputs are read from the data folder (a remote URL is kept first), outputs are
 * kept by content and passed on as references; a downstream fal node publishes them when it needs them.
 */
export async function runLocalStep(
  exec: LocalExecutor,
  params: Record<string, unknown>,
  inputs: Record<string, string[]>,
  env: { media: MediaKeeper; tmpDir: string; signal: AbortSignal },
): Promise<NodeOutputs> {
  mkdirSync(env.tmpDir, { recursive: true });
  const made: string[] = [];
  const ctx: LocalExecutorContext = {
    fetchToFile: async (value) => env.media.localPath(await env.media.resolve(value, env.signal)),
    newFile: (ext) => {
      const file = join(env.tmpDir, `${randomUUID()}.${ext}`);
      made.push(file);
      return file;
    },
  };
  try {
    const files = await exec(params, inputs, ctx);
    const outputs: NodeOutputs = {};
    for (const [port, file] of Object.entries(files)) {
      const bytes = await readFile(file);
      const type = TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream';
      outputs[port] = await env.media.keepBytes(bytes, type);
    }
    return outputs;
  } finally {
    await Promise.all(made.map((f) => rm(f, { force: true })));
  }
}
