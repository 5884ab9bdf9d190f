import { z } from 'zod';
import { localNode } from '../define-node.ts';

/**
 * Media steps between Pika operations, run by our server with ffmpeg (no fal call). The `local` key names the
 * server-side executor; they are cached by fingerprint like any node.
 */

const videoIn = { name: 'video', kind: 'video' as const, label: 'Video', required: true };

export const mediaNodes = [
  localNode({
    type: 'extract-frame',
    title: 'Extract frame',
    category: 'Media',
    description: 'Take one frame of a video as an image: first, last, or at a time',
    local: 'extract-frame',
    inputs: [videoIn],
    outputs: [{ name: 'image', kind: 'image', label: 'Frame' }],
    params: z.object({
      at: z.enum(['first', 'last', 'time']).default('last').meta({ title: 'Which frame' }),
      time: z.number().min(0).default(0).meta({ title: 'Time (s)', description: 'Used when "Which frame" is time' }),
    }),
  }),
  localNode({
    type: 'concatenate',
    title: 'Concatenate',
    category: 'Media',
    description: 'Join videos in order into one; sizes are scaled and padded to the first',
    local: 'concatenate',
    inputs: [{ name: 'videos', kind: 'video', label: 'Videos', required: true, list: { min: 2, max: 20 } }],
    outputs: [{ name: 'video', kind: 'video', label: 'Video' }],
    params: z.object({
      crossfade: z.number().min(0).max(3).default(0).meta({ title: 'Cross-fade (s)' }),
    }),
  }),
  localNode({
    type: 'trim',
    title: 'Trim',
    category: 'Media',
    description: 'Keep the part of a video between two times',
    local: 'trim',
    inputs: [videoIn],
    outputs: [{ name: 'video', kind: 'video', label: 'Video' }],
    params: z.object({
      start: z.number().min(0).default(0).meta({ title: 'Start (s)' }),
      end: z.number().min(0).optional().meta({ title: 'End (s)', description: 'Empty: to the end' }),
    }),
    check: (p) =>
      typeof p.end === 'number' && p.end <= Number(p.start)
        ? [{ code: 'invalid-param', field: 'end', message: 'End must be after start' }]
        : [],
  }),
];
