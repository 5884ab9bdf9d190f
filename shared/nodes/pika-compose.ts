import { z } from 'zod';
import { defaultRequest, falNode, type NodeCheckProblem } from '../define-node.ts';
import type { InputPort } from '../ports.ts';
import { aspectRatio, duration510, negativePrompt, price22, prompt, resolution, seed } from './fields.ts';

/** Multi-image operations: keyframes (pikaframes), pikascenes, and collection-to-video (pikascenes, seed defaults). */

const videoOut = [{ name: 'video', kind: 'video' as const, label: 'Video' }];
const MAX_TOTAL_SECONDS = 25;
const DEFAULT_TRANSITION_SECONDS = 5;

const transition = z.object({
  duration: z.number().int().min(1).default(DEFAULT_TRANSITION_SECONDS).meta({ title: 'Duration (s)' }),
  prompt: z.string().optional().meta({ title: 'Prompt' }),
});

const keyframesPort: InputPort = {
  name: 'images',
  kind: 'image',
  label: 'Keyframes',
  required: true,
  field: 'image_urls',
  list: { min: 2, max: 5 },
};
const globalPrompt: InputPort = { name: 'prompt', kind: 'text', label: 'Prompt', required: false, param: 'prompt' };

/** Transitions as they will be sent: the user's rows, or one default row per gap when none were given. */
function effectiveTransitions(params: Record<string, unknown>, images: number) {
  const given = (params.transitions as { duration?: number }[] | undefined) ?? [];
  if (given.length > 0) return given;
  return Array.from({ length: Math.max(images - 1, 0) }, () => ({ duration: DEFAULT_TRANSITION_SECONDS }));
}

function checkKeyframes(params: Record<string, unknown>, counts: Record<string, number>): NodeCheckProblem[] {
  const images = counts.images ?? 0;
  const given = (params.transitions as unknown[] | undefined) ?? [];
  const problems: NodeCheckProblem[] = [];
  if (given.length > 0 && images >= 2 && given.length !== images - 1)
    problems.push({
      code: 'transitions-count',
      field: 'transitions',
      message: `${images} keyframes need ${images - 1} transitions, but ${given.length} are set`,
    });
  const total = effectiveTransitions(params, images).reduce(
    (s, t) => s + (t.duration ?? DEFAULT_TRANSITION_SECONDS),
    0,
  );
  if (total > MAX_TOTAL_SECONDS)
    problems.push({
      code: 'duration-total',
      field: 'transitions',
      message: `transitions add up to ${total} s; keyframes allow at most ${MAX_TOTAL_SECONDS} s in total`,
    });
  return problems;
}

const scenesPort = (field: string): InputPort => ({
  name: 'images',
  kind: 'image',
  label: 'Images',
  required: true,
  field,
  list: { min: 1, max: 10 },
});
const promptPort: InputPort = { name: 'prompt', kind: 'text', label: 'Prompt', required: true, param: 'prompt' };

/** Collection → Video: the pikascenes body with the seed's CollectionToVideoRequest defaults. */
const collectionInput = z.object({
  image_urls: z.array(z.url()).min(1).meta({ title: 'Image URLs' }),
  prompt: prompt(),
  seed: seed(),
  negative_prompt: negativePrompt(''),
  aspect_ratio: aspectRatio(),
  resolution: resolution(),
  // The seed typed it as any integer, but the pikascenes endpoint it goes to takes 5 or 10 only (pika-endpoints.md).
  // A graph saved with another value still opens; validation names the node and the field (no silent rounding).
  duration: duration510(),
  ingredients_mode: z.enum(['creative', 'precise']).default('creative').meta({ title: 'Ingredients mode' }),
});

export const pikaComposeNodes = [
  falNode({
    type: 'pika-22-keyframes',
    title: 'Keyframes → Video 2.2',
    category: 'Compose',
    description: 'Morph through 2–5 ordered keyframes, one transition between each (Pikaframes)',
    endpoint: 'fal-ai/pika/v2.2/pikaframes',
    inputs: [keyframesPort, globalPrompt],
    outputs: videoOut,
    falInput: z.object({
      image_urls: z.array(z.url()).min(2).max(5).meta({ title: 'Keyframe URLs' }),
      prompt: prompt().optional(),
      transitions: z.array(transition).optional().meta({ title: 'Transitions', transitions: true }),
      negative_prompt: negativePrompt(''),
      seed: seed(),
      resolution: resolution(),
    }),
    request: (params, inputs) => {
      const body = defaultRequest([keyframesPort, globalPrompt])(params, inputs);
      body.transitions = effectiveTransitions(params, inputs.images?.length ?? 0);
      return body;
    },
    check: checkKeyframes,
    // Third-party figure: $0.04/s at 720p, $0.06/s at 1080p, 5 billable seconds minimum.
    cost: (params) => {
      const rows = (params.transitions as { duration?: number }[] | undefined) ?? [];
      const seconds = rows.length ? rows.reduce((s, t) => s + (t.duration ?? 5), 0) : 10;
      return Math.max(seconds, 5) * (params.resolution === '1080p' ? 0.06 : 0.04);
    },
    costIsGuess: true,
  }),
  falNode({
    type: 'pika-22-pikascenes',
    title: 'Pikascenes 2.2',
    category: 'Compose',
    description: 'Compose a scene from several "ingredient" images',
    endpoint: 'fal-ai/pika/v2.2/pikascenes',
    inputs: [scenesPort('image_urls'), promptPort],
    outputs: videoOut,
    falInput: z.object({
      image_urls: z.array(z.url()).min(1).meta({ title: 'Image URLs' }),
      prompt: prompt(),
      negative_prompt: negativePrompt('ugly, bad, terrible'),
      seed: seed(),
      aspect_ratio: aspectRatio(),
      resolution: resolution('1080p'),
      duration: duration510(),
      ingredients_mode: z.enum(['precise', 'creative']).default('precise').meta({ title: 'Ingredients mode' }),
    }),
    cost: price22,
  }),
  falNode({
    type: 'pika-collection-to-video',
    title: 'Collection → Video',
    category: 'Compose',
    description: "A collection of images into one video (pikascenes with the seed's CollectionToVideo defaults)",
    /*
     * Which endpoint, and why `image_urls`: the seed's CollectionToVideoRequest (`images: [{ image_url }]`) is the
     * March 2025 body of fal-ai/pika/v2.2/pikascenes; no fal endpoint id of its own takes that shape. fal-js 1.10.1
     * keeps only orphan `CollectionToVideoOutput` / `PikaImage` types that no endpoint maps to, and the public code
     * found sending `images[]` sends it to this same pikascenes URL (a 2025 adapter). fal's current schema
     * (fal-protocol.md §8.2, and copies of fal's API page snippet) takes `image_urls: string[]`, though fal's model
     * page example still shows `images[]`. So: current pikascenes, `image_urls`, the seed's own defaults kept
     * (creative mode, 720p, "" negative prompt), except `duration`: current pikascenes takes only 5 or 10.
     */
    endpoint: 'fal-ai/pika/v2.2/pikascenes',
    inputs: [scenesPort('image_urls'), promptPort],
    outputs: videoOut,
    falInput: collectionInput,
    // The 2025 body, never sent: the local engine still accepts it, as fal-protocol.md §8.2 asks of an emulator.
    olderFalInputs: [
      collectionInput.omit({ image_urls: true }).extend({ images: z.array(z.object({ image_url: z.url() })).min(1) }),
    ],
    // Same endpoint as Pikascenes 2.2, whose price fal publishes: no longer a guess.
    cost: price22,
  }),
];
