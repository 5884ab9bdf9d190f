import { useEffect, useId, useState } from 'react';
import { estimateCost } from '../../../shared/cost.ts';
import { getNodeDef } from '../../../shared/registry.ts';
import { canTake, MAX_TAKES, takesOf } from '../../../shared/takes.ts';
import { usd } from '../../run/engine-words.ts';
import { useEditorStore } from '../../store/context.tsx';
import type { FlowNode } from '../../store/types.ts';
import '../../canvas/takes.css';

/**
 * "Takes: 1–8" for a generation node (issue 13): that many seeds are made in one go, all at once, each paid like one
 * run of the node. What a Run would pay for them is said under the box, before anything is spent.
 */
export function TakesField({ node }: { node: FlowNode }) {
  const store = useEditorStore();
  const id = useId();
  const type = node.type ?? '';
  const count = takesOf({ type, data: node.data });
  const [text, setText] = useState(String(count));
  useEffect(() => setText(String(count)), [count]);
  if (!canTake(getNodeDef(type))) return null;
  const set = (n: number) => store.getState().setTakes(node.id, { takes: Math.min(MAX_TAKES, Math.max(1, n)) });
  const one = estimateCost({ nodes: [{ ...node, type, data: { ...node.data, takes: 1 } }] });
  const price = one.total > 0 ? `${count} × ${one.includesGuesses ? '≈ ' : ''}${usd(one.total)}` : '';
  return (
    <div className="pf-field" data-testid="field-takes">
      <label className="pf-field__label" htmlFor={id}>
        Takes
        <span className="pf-field__hint">
          Seeds made in one go, side by side; click one on the node to use it downstream
        </span>
      </label>
      <div className="pf-row">
        <button
          type="button"
          className="pf-btn pf-btn--icon"
          aria-label="One take fewer"
          disabled={count <= 1}
          onClick={() => set(count - 1)}
        >
          −
        </button>
        <input
          id={id}
          className="pf-input pf-takes-input"
          type="number"
          min={1}
          max={MAX_TAKES}
          value={text}
          data-testid="input-takes"
          onChange={(e) => {
            setText(e.target.value);
            const n = Number(e.target.value);
            if (Number.isInteger(n) && n >= 1 && n <= MAX_TAKES) set(n);
          }}
          onBlur={() => setText(String(count))}
        />
        <button
          type="button"
          className="pf-btn pf-btn--icon"
          aria-label="One take more"
          disabled={count >= MAX_TAKES}
          onClick={() => set(count + 1)}
        >
          +
        </button>
        {count > 1 && price && (
          <span className="pf-muted" data-testid="takes-price">
            {price} to make
          </span>
        )}
      </div>
    </div>
  );
}
