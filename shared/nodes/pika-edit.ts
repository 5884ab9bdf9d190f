import { z } from 'zod';
import { falNode } from '../define-node.ts';
import type { InputPort } from '../ports.ts';
import { negativePrompt, prompt, seed, url } from './fields.ts';

/** Operations that edit an existing video or image: swaps, additions, effects. fal may have retired some of them. */

const videoOut = [{ name: 'video', kind: 'video' as const, label: 'Video' }];
const optionalPrompt: InputPort = { name: 'prompt', kind: 'text', label: 'Prompt', required: false, param: 'prompt' };

export const PIKAFFECTS = [
  'Cake-ify',
  'Crumble',
  'Crush',
  'Decapitate',
  'Deflate',
  'Dissolve',
  'Explode',
  'Eye-pop',
  'Inflate',
  'Levitate',
  'Melt',
  'Peel',
  'Poke',
  'Squish',
  'Ta-da',
  'Tear',
] as const;

export const pikaEditNodes = [
  falNode({
    type: 'pika-pikaswaps',
    title: 'Pikaswaps',
    category: 'Edit',
    description: 'Swap an object or region of a video for something else (an image or a prompt)',
    endpoint: 'fal-ai/pika/v2/pikaswaps',
    inputs: [
      { name: 'video', kind: 'video', label: 'Video', required: true, field: 'video_url' },
      { name: 'image', kind: 'image', label: 'Swap in', required: false, field: 'image_url' },
      optionalPrompt,
    ],
    outputs: videoOut,
    falInput: z.object({
      video_url: url('Video URL'),
      image_url: url('Image URL').optional(),
      prompt: prompt().optional(),
      modify_region: z
        .string()
        .optional()
        .meta({ title: 'Region to modify', description: 'Plain words, e.g. "the red car"' }),
      negative_prompt: negativePrompt(''),
      seed: seed(),
    }),
    cost: () => 0.3,
    costIsGuess: true,
  }),
  falNode({
    type: 'pika-pikadditions',
    title: 'Pikadditions',
    category: 'Edit',
    description: 'Add the object of an image into a video',
    endpoint: 'fal-ai/pika/v2/pikadditions',
    inputs: [
      { name: 'video', kind: 'video', label: 'Video', required: true, field: 'video_url' },
      { name: 'image', kind: 'image', label: 'Add', required: true, field: 'image_url' },
      optionalPrompt,
    ],
    outputs: videoOut,
    falInput: z.object({
      video_url: url('Video URL'),
      image_url: url('Image URL'),
      prompt: prompt().optional(),
      negative_prompt: negativePrompt(''),
      seed: seed(),
    }),
    cost: () => 0.3,
    costIsGuess: true,
  }),
  falNode({
    type: 'pika-pikaffects',
    title: 'Pikaffects',
    category: 'Edit',
    description: 'Apply a physical effect to what an image shows: melt, explode, inflate …',
    endpoint: 'fal-ai/pika/v1.5/pikaffects',
    inputs: [{ name: 'image', kind: 'image', label: 'Image', required: true, field: 'image_url' }, optionalPrompt],
    outputs: videoOut,
    falInput: z.object({
      image_url: url('Image URL'),
      pikaffect: z.enum(PIKAFFECTS).meta({ title: 'Effect' }),
      prompt: prompt().optional(),
      negative_prompt: negativePrompt(''),
      seed: seed(),
    }),
    example: { pikaffect: 'Melt' },
    cost: () => 0.2,
    costIsGuess: true,
  }),
];
