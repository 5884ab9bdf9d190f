import { z } from 'zod';
import { falNode } from '../define-node.ts';
import type { InputPort } from '../ports.ts';
import {
  aspectRatio,
  duration510,
  intDuration,
  negativePrompt,
  price22,
  prompt,
  resolution,
  seed,
  url,
} from './fields.ts';

/** Text → video and image → video on every Pika version fal serves. */

const promptPort: InputPort = { name: 'prompt', kind: 'text', label: 'Prompt', required: true, param: 'prompt' };
const imagePort: InputPort = { name: 'image', kind: 'image', label: 'Image', required: true, field: 'image_url' };
const videoOut = [{ name: 'video', kind: 'video' as const, label: 'Video' }];

/** One operation each on the canvas, with a version picker (issue 13); listed oldest first, the newest is the default. */
const textToVideo = { operation: 'text-to-video', operationTitle: 'Text → Video' };
const imageToVideo = { operation: 'image-to-video', operationTitle: 'Image → Video' };

const t2v21 = () =>
  z.object({
    prompt: prompt(),
    seed: seed(),
    negative_prompt: negativePrompt(''),
    aspect_ratio: aspectRatio(),
    resolution: resolution(),
    duration: intDuration(),
  });

const i2v21 = () =>
  z.object({
    image_url: url('Image URL'),
    prompt: prompt(),
    seed: seed(),
    negative_prompt: negativePrompt(''),
    resolution: resolution(),
    duration: intDuration(),
  });

export const pikaGenerateNodes = [
  falNode({
    type: 'pika-turbo-text-to-video',
    ...textToVideo,
    variant: 'Turbo',
    title: 'Text → Video (Turbo)',
    category: 'Generate',
    description: 'Fast, cheap video from a prompt (Pika v2 Turbo)',
    endpoint: 'fal-ai/pika/v2/turbo/text-to-video',
    inputs: [promptPort],
    outputs: videoOut,
    falInput: t2v21(),
    cost: () => 0.2,
  }),
  falNode({
    type: 'pika-turbo-image-to-video',
    ...imageToVideo,
    variant: 'Turbo',
    title: 'Image → Video (Turbo)',
    category: 'Animate',
    description: 'Animate an image, fast (Pika v2 Turbo)',
    endpoint: 'fal-ai/pika/v2/turbo/image-to-video',
    inputs: [imagePort, promptPort],
    outputs: videoOut,
    falInput: i2v21(),
    cost: () => 0.2,
  }),
  falNode({
    type: 'pika-21-text-to-video',
    ...textToVideo,
    variant: '2.1',
    title: 'Text → Video 2.1',
    category: 'Generate',
    description: 'Video from a prompt (Pika 2.1)',
    endpoint: 'fal-ai/pika/v2.1/text-to-video',
    inputs: [promptPort],
    outputs: videoOut,
    falInput: t2v21(),
    cost: () => 0.4,
    costIsGuess: true,
  }),
  falNode({
    type: 'pika-21-image-to-video',
    ...imageToVideo,
    variant: '2.1',
    title: 'Image → Video 2.1',
    category: 'Animate',
    description: 'Animate an image (Pika 2.1)',
    endpoint: 'fal-ai/pika/v2.1/image-to-video',
    inputs: [imagePort, promptPort],
    outputs: videoOut,
    falInput: i2v21(),
    cost: () => 0.4,
  }),
  falNode({
    type: 'pika-22-text-to-video',
    ...textToVideo,
    variant: '2.2',
    title: 'Text → Video 2.2',
    category: 'Generate',
    description: 'Best-quality video from a prompt, 5 or 10 s (Pika 2.2)',
    endpoint: 'fal-ai/pika/v2.2/text-to-video',
    inputs: [promptPort],
    outputs: videoOut,
    falInput: z.object({
      prompt: prompt(),
      seed: seed(),
      negative_prompt: negativePrompt('ugly, bad, terrible'),
      aspect_ratio: aspectRatio(),
      resolution: resolution(),
      duration: duration510(),
    }),
    cost: price22,
  }),
  falNode({
    type: 'pika-22-image-to-video',
    ...imageToVideo,
    variant: '2.2',
    title: 'Image → Video 2.2',
    category: 'Animate',
    description: 'Animate an image as the first frame, 5 or 10 s (Pika 2.2)',
    endpoint: 'fal-ai/pika/v2.2/image-to-video',
    inputs: [imagePort, promptPort],
    outputs: videoOut,
    falInput: z.object({
      image_url: url('Image URL'),
      prompt: prompt(),
      seed: seed(),
      negative_prompt: negativePrompt(''),
      resolution: resolution(),
      duration: duration510(),
    }),
    cost: price22,
  }),
];
