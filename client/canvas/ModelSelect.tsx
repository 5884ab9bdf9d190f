import type { NodeDef } from '../../shared/define-node.ts';
import { variantsOf } from '../../shared/registry.ts';
import { useEditorStore } from '../store/context.tsx';
import type { NodeData } from '../store/types.ts';
import { priceAs } from './ModelPicker.tsx';
import './model-picker.css';

/** The same choice in the inspector: a labelled select (the node header's menu is the quick way, this the form's). */
export function ModelSelect({ nodeId, data, def }: { nodeId: string; data: NodeData; def: NodeDef }) {
  const store = useEditorStore();
  const variants = variantsOf(def);
  if (variants.length < 2) return null;
  const aside = Object.entries(data.aside ?? {});
  const asideWords = aside.map(([k, v]) => `${paramTitle(variants, k)}: ${JSON.stringify(v)}`).join(', ');
  return (
    <>
      <label className="pf-model-select">
        <span>Model</span>
        <select
          className="pf-input"
          value={def.type}
          data-testid="model-select"
          onChange={(e) => store.getState().switchVariant(nodeId, e.target.value)}
        >
          {variants.map((v) => (
            <option key={v.type} value={v.type}>
              {v.variant} · {priceAs(v, data)}
            </option>
          ))}
        </select>
      </label>
      {aside.length > 0 && (
        <p className="pf-muted pf-model-aside" data-testid="model-aside">
          {`Kept for another model: ${asideWords}. It comes back when you switch to a model that takes it.`}
        </p>
      )}
    </>
  );
}

/** A param's title as any version of the operation names it. */
function paramTitle(variants: NodeDef[], key: string): string {
  for (const v of variants) {
    const title = (v.params.shape[key] as { meta?: () => { title?: string } | undefined } | undefined)?.meta?.()?.title;
    if (title) return title;
  }
  return key;
}
