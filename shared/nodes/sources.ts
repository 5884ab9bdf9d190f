import { z } from 'zod';
import { localNode } from '../define-node.ts';
import { isMediaRef } from '../media-ref.ts';

/** A file by content (`/media/<sha256>.<ext>`, what uploads give) or a URL to fetch once and keep. */
const fileField = () =>
  z
    .union([z.url(), z.string().refine(isMediaRef, 'Upload the file or paste an http(s) URL'), z.literal('')])
    .default('');

/** Where a graph starts (prompt, image, video) and what it returns (output). Pure: no call, no cost. */

export const sourceNodes = [
  localNode({
    type: 'prompt',
    title: 'Prompt',
    category: 'Sources',
    description: 'A piece of text to feed one or more prompts',
    inputs: [],
    outputs: [{ name: 'text', kind: 'text', label: 'Text' }],
    params: z.object({
      text: z.string().default('').meta({ title: 'Text', multiline: true }),
    }),
    check: (params) => (params.text ? [] : [{ code: 'missing-input', field: 'text', message: 'Write a prompt' }]),
    emit: (params) => ({ text: String(params.text) }),
  }),
  localNode({
    type: 'image',
    title: 'Image',
    category: 'Sources',
    description: 'An image by upload, drop or URL',
    inputs: [],
    outputs: [{ name: 'image', kind: 'image', label: 'Image' }],
    params: z.object({
      url: fileField().meta({ title: 'Image URL', media: 'image' }),
    }),
    check: (params) =>
      params.url ? [] : [{ code: 'missing-input', field: 'url', message: 'Upload an image or paste its URL' }],
    emit: (params) => ({ image: String(params.url) }),
  }),
  localNode({
    type: 'video',
    title: 'Video',
    category: 'Sources',
    description: 'A video by upload, drop or URL',
    inputs: [],
    outputs: [{ name: 'video', kind: 'video', label: 'Video' }],
    params: z.object({
      url: fileField().meta({ title: 'Video URL', media: 'video' }),
    }),
    check: (params) =>
      params.url ? [] : [{ code: 'missing-input', field: 'url', message: 'Upload a video or paste its URL' }],
    emit: (params) => ({ video: String(params.url) }),
  }),
  localNode({
    type: 'output',
    title: 'Output',
    category: 'Output',
    description: 'Marks a result of the run (and of the template)',
    inputs: [{ name: 'in', kind: 'any', label: 'Result', required: true }],
    outputs: [],
    params: z.object({
      name: z
        .string()
        .default('')
        // Not a template input: it names the result, it is not a value a form should ask for.
        .meta({ title: 'Name', description: 'How this result is called in templates and the API', exposable: false }),
    }),
    emit: (_params, inputs) => ({ value: inputs.in?.[0] ?? '' }),
  }),
];
