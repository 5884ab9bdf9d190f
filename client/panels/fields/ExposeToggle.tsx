import { useEffect, useState } from 'react';
import { useEditor, useEditorStore } from '../../store/context.tsx';
import { exposureOf, INPUT_NAME, suggestName } from '../../store/exposed-inputs.ts';

/**
 * "Expose as template input" for one param: the template's form (and API/CLI) then asks for it by name. The name is
 * kept as typed locally and only stored when it is valid and free, so the document never holds a clashing name.
 */
export function ExposeToggle({ nodeId, param, title }: { nodeId: string; param: string; title: string }) {
  const store = useEditorStore();
  const inputs = useEditor((s) => s.inputs);
  const exposed = exposureOf(inputs, nodeId, param);
  const [name, setName] = useState(exposed?.name ?? '');
  useEffect(() => setName(exposed?.name ?? ''), [exposed?.name]);
  const set = store.getState().setExposed;
  const clash = inputs.some((i) => i.name === name && !(i.node === nodeId && i.param === param));
  const error = !exposed
    ? ''
    : !INPUT_NAME.test(name)
      ? 'Letters, digits, _ or -, starting with a letter'
      : clash
        ? 'Another input has this name'
        : '';
  return (
    <div className={`pf-expose${exposed ? ' is-on' : ''}`} data-testid={`expose-${param}`}>
      <label className="pf-check" title="Let the template's form, API and CLI set this value">
        <input
          type="checkbox"
          checked={!!exposed}
          data-testid={`expose-toggle-${param}`}
          onChange={(e) =>
            set(nodeId, param, e.target.checked ? { name: suggestName(inputs, param), label: title } : null)
          }
        />
        template input
      </label>
      {exposed && (
        <div className="pf-expose__names">
          <input
            className="pf-input pf-input--narrow pf-mono"
            value={name}
            aria-label="Input name"
            data-testid={`expose-name-${param}`}
            onChange={(e) => {
              const v = e.target.value.trim();
              setName(v);
              const free = !inputs.some((i) => i.name === v && !(i.node === nodeId && i.param === param));
              if (INPUT_NAME.test(v) && free) set(nodeId, param, { name: v, label: exposed.label });
            }}
          />
          <input
            className="pf-input"
            value={exposed.label ?? ''}
            placeholder="Label on the form"
            aria-label="Input label"
            data-testid={`expose-label-${param}`}
            onChange={(e) => set(nodeId, param, { name: exposed.name, label: e.target.value })}
          />
        </div>
      )}
      {error && <div className="pf-field__error">{error}</div>}
    </div>
  );
}
