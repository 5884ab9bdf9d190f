import { estimateCost } from '../../shared/cost.ts';
import { usd } from '../run/engine-words.ts';
import { useServerConfig } from '../server-config.ts';
import { useEditor } from '../store/context.tsx';
import type { FlowNode } from '../store/types.ts';
import './plain-errors.css';

/**
 * What pressing Re-roll spends, inside its button: a re-roll ignores the cache, so it always costs this node's price
 * (the shared cost function over its params). A re-roll of a preview, or any run without a key, is a free preview:
 * then it says "free" and what fal would charge.
 */
export function RerollPrice({ node }: { node: FlowNode }) {
  const previewOnly = useServerConfig((s) => !!s.config?.localEngine);
  const lastWasPreview = useEditor((s) => s.run?.engine === 'local');
  const est = estimateCost({
    nodes: [{ id: node.id, type: node.type ?? '', position: node.position, data: { ...node.data, takes: 1 } }],
  });
  const price = `${est.includesGuesses ? '≈ ' : ''}${usd(est.total)}`;
  if (previewOnly || lastWasPreview)
    return (
      <span className="pf-reroll__price" data-testid="reroll-price">
        {' '}
        · free · {price} on fal
      </span>
    );
  return (
    <span className="pf-reroll__price" data-testid="reroll-price">
      {' '}
      · {price}
    </span>
  );
}
