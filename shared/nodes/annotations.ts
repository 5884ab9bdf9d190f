import { z } from 'zod';
import { localNode } from '../define-node.ts';

/**
 * Canvas items (issue 13): a group frame and a sticky note say something about the graph but take no part in a run
 * (`annotation: true`: validation, cost and the engine pass them by); a reroute is a real step of the run that hands
 * on whatever is wired into it, so a long wire can bend around other nodes.
 */

/** Group frame colours, ComfyUI-like presets: a name is stored, the canvas picks the shade. */
export const GROUP_COLORS = {
  blue: '#3b82f6',
  green: '#22c55e',
  yellow: '#eab308',
  orange: '#f97316',
  red: '#ef4444',
  pink: '#ec4899',
  purple: '#a855f7',
  gray: '#71717a',
} as const;
export type GroupColor = keyof typeof GROUP_COLORS;

/** A param the canvas edits directly (size, membership): never a template input, never a field in the inspector. */
const canvasOnly = { exposable: false, hidden: true } as const;

export const annotationNodes = [
  localNode({
    type: 'group',
    title: 'Group',
    category: 'Canvas',
    // Its title is the node's label (data.label), as any node's name: the inspector's name field renames it too.
    description: 'A titled, coloured frame around nodes: move, fold or run them together',
    annotation: true,
    inputs: [],
    outputs: [],
    params: z.object({
      color: z
        .enum(Object.keys(GROUP_COLORS) as [GroupColor, ...GroupColor[]])
        .default('blue')
        .meta({ title: 'Colour', exposable: false }),
      width: z.number().min(120).max(20000).default(420).meta(canvasOnly),
      height: z.number().min(60).max(20000).default(280).meta(canvasOnly),
      collapsed: z.boolean().default(false).meta(canvasOnly),
      /**
       * While folded, the nodes it hides (the frame is a bar then, so its area no longer says who is inside; a node
       * moved under the folded bar's old area must not vanish into it).
       */
      members: z.array(z.string().max(200)).max(5000).default([]).meta(canvasOnly),
    }),
  }),
  localNode({
    type: 'note',
    title: 'Note',
    category: 'Canvas',
    description: 'A sticky note: write what the graph does or what to try next',
    annotation: true,
    inputs: [],
    outputs: [],
    params: z.object({
      text: z.string().max(20000).default('').meta({ title: 'Text', multiline: true, exposable: false }),
      width: z.number().min(120).max(4000).default(240).meta(canvasOnly),
      height: z.number().min(60).max(4000).default(160).meta(canvasOnly),
    }),
  }),
  localNode({
    type: 'reroute',
    title: 'Reroute',
    category: 'Canvas',
    description: 'A dot to route a long wire through; it carries whatever is wired into it',
    inputs: [{ name: 'in', kind: 'any', label: 'In', required: true }],
    // `any` on an output means "what the first input carries" (shared/wire-kind.ts resolves it).
    outputs: [{ name: 'out', kind: 'any', label: 'Out' }],
    params: z.object({}),
    emit: (_params, inputs) => ({ out: inputs.in?.[0] ?? '' }),
  }),
];
