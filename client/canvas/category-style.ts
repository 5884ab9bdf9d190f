import type { Category } from '../../shared/define-node.ts';

/** Accent per palette category, so a node's role is visible at a glance on a busy canvas. */
export const CATEGORY_COLORS: Record<Category, string> = {
  Sources: '#38bdf8',
  Generate: '#f472b6',
  Animate: '#a78bfa',
  Compose: '#fb923c',
  Edit: '#34d399',
  Media: '#facc15',
  Output: '#e4e4e7',
};
