import type { Category, NodeDef } from '../../shared/define-node.ts';
import type { PortKind } from '../../shared/ports.ts';

/** A glyph per category (colour says the same, the glyph says it without colour), and per kind for the sources. */
const BY_CATEGORY: Record<Category, string> = {
  Sources: '',
  Generate: '✦',
  Animate: '↝',
  Compose: '⊕',
  Edit: '✎',
  Media: '✂',
  Output: '⇥',
  Canvas: '▢',
};
/** Sources differ by what they give: text, an image, a video. */
const BY_KIND: Record<PortKind, string> = { text: 'T', image: '▣', video: '▶', any: '◆' };

export const paletteIcon = (d: NodeDef): string => BY_CATEGORY[d.category] || BY_KIND[d.outputs[0]?.kind ?? 'any'];
