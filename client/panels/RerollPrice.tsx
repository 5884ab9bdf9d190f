import { rerollPrice } from '../canvas/canvas-menus.ts';
import { useServerConfig } from '../server-config.ts';
import { useEditor, useEditorStore } from '../store/context.tsx';
import type { FlowNode } from '../store/types.ts';
import './plain-errors.css';

/**
 * What pressing Re-roll spends, inside its button, worded as the node menu words it (rerollPrice). Re-rendered when the
 * server's engine or the last run's engine changes, since a re-roll of a preview is itself a free preview.
 */
export function RerollPrice({ node }: { node: FlowNode }) {
  const store = useEditorStore();
  useServerConfig((s) => !!s.config?.localEngine);
  useEditor((s) => s.run?.engine);
  const price = rerollPrice(store, node);
  if (!price) return null;
  return (
    <span className="pf-reroll__price" data-testid="reroll-price">
      {' '}
      · {price}
    </span>
  );
}
