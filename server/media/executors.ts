import type { z } from 'zod';
import type { NodeOutputs, PortValues } from '../../shared/define-node.ts';
import { mediaNodes } from '../../shared/nodes/media.ts';
import { concatenate } from './concatenate.ts';
import { extractFrame, type ExtractFrameOptions } from './extract-frame.ts';
import { trim } from './trim.ts';

/** What the scheduler gives a local executor. */
export interface LocalExecutorContext {
  /** Downloads an input URL (media URL of an upstream output or upload) to a local temp file; resolves to its path. */
  fetchToFile(url: string): Promise<string>;
  /** A fresh local path for an output with this extension ('png', 'mp4'); the scheduler publishes it as a media URL. */
  newFile(ext: string): string;
}

/** Runs one `local` node: outputs are local file paths, keyed by output port. */
export type LocalExecutor = (
  params: Record<string, unknown>,
  inputs: PortValues,
  ctx: LocalExecutorContext,
) => Promise<NodeOutputs>;

/**
 * Params re-parsed with the node's own schema: defaults apply even if the caller passed raw graph params, and a bad
 * value fails here with the field's name rather than as an ffmpeg error.
 */
function parse<T>(local: string, params: Record<string, unknown>): T {
  const def = mediaNodes.find((n) => n.local === local);
  if (!def) throw new Error(`no media node with local key ${local}`);
  return (def.params as z.ZodObject).parse(params) as T;
}

function one(inputs: PortValues, port: string): string {
  const url = inputs[port]?.[0];
  if (!url) throw new Error(`input "${port}" is missing`);
  return url;
}

export const mediaExecutors: Record<string, LocalExecutor> = {
  'extract-frame': async (params, inputs, ctx) => {
    const p = parse<ExtractFrameOptions>('extract-frame', params);
    const src = await ctx.fetchToFile(one(inputs, 'video'));
    return { image: await extractFrame(src, p, ctx.newFile('png')) };
  },
  concatenate: async (params, inputs, ctx) => {
    const p = parse<{ crossfade: number }>('concatenate', params);
    const urls = inputs.videos ?? [];
    if (urls.length < 2) throw new Error(`concatenate needs at least 2 videos, got ${urls.length}`);
    // Downloads in parallel but keeps the edge order: the order of the list is the order of the cut.
    const files = await Promise.all(urls.map((u) => ctx.fetchToFile(u)));
    return { video: await concatenate(files, p, ctx.newFile('mp4')) };
  },
  trim: async (params, inputs, ctx) => {
    const p = parse<{ start: number; end?: number }>('trim', params);
    const src = await ctx.fetchToFile(one(inputs, 'video'));
    return { video: await trim(src, p, ctx.newFile('mp4')) };
  },
};
