import type { Category } from '../../shared/define-node.ts';

/**
 * Accent per palette category, so a node's role is visible at a glance on a busy canvas. CSS variables (client/
 * styles.css), so each theme has its own shade: the light one darker, as palette headings are text on white.
 */
export const CATEGORY_COLORS: Record<Category, string> = {
  Sources: 'var(--cat-sources)',
  Generate: 'var(--cat-generate)',
  Animate: 'var(--cat-animate)',
  Compose: 'var(--cat-compose)',
  Edit: 'var(--cat-edit)',
  Media: 'var(--cat-media)',
  Output: 'var(--cat-output)',
  // Notes, groups and reroutes (issue 13): a neutral grey, they do nothing themselves.
  Canvas: 'var(--cat-canvas)',
};
