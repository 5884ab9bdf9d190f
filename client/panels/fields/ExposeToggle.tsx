import { useEffect, useState } from 'react';
import { useEditor, useEditorStore } from '../../store/context.tsx';
import { exposureOf, INPUT_NAME, suggestName } from '../../store/exposed-inputs.ts';
import './expose.css';

/**
 * "Template input" for one param: the template's form (and API/CLI) then asks for it by name. Off, the switch only
 * shows while the field is hovered or focused (it is not what most edits are about); on, it stays, with labelled
 * Name and Label boxes. The name is kept as typed locally and only stored when it is valid and free, so the document
 * never holds a clashing name.
 */
export function ExposeToggle({ nodeId, param, title }: { nodeId: string; param: string; title: string }) {
  const store = useEditorStore();
  const inputs = useEditor((s) => s.inputs);
  const exposed = exposureOf(inputs, nodeId, param);
  // What is typed but not stored (an invalid or taken name); otherwise the box shows the stored name from the first
  // render on (a copy synced by an effect showed an empty box for a frame after the switch was turned on).
  const [draft, setDraft] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new stored name (typed, undone) is the signal
  useEffect(() => setDraft(null), [exposed?.name]);
  const name = draft ?? exposed?.name ?? '';
  const set = store.getState().setExposed;
  const clash = inputs.some((i) => i.name === name && !(i.node === nodeId && i.param === param));
  const error = !exposed
    ? ''
    : !INPUT_NAME.test(name)
      ? 'Letters, digits, _ or -, starting with a letter'
      : clash
        ? 'Another input has this name'
        : '';
  const id = `expose-${nodeId}-${param}`;
  return (
    <div className={`pf-expose${exposed ? ' is-on' : ''}`} data-testid={`expose-${param}`}>
      <label className="pf-expose__switch" title="Let the template's form, API and CLI set this value">
        <input
          type="checkbox"
          role="switch"
          aria-checked={!!exposed}
          checked={!!exposed}
          data-testid={`expose-toggle-${param}`}
          onChange={(e) =>
            set(nodeId, param, e.target.checked ? { name: suggestName(inputs, param), label: title } : null)
          }
        />
        <span className="pf-expose__track" aria-hidden="true" />
        Template input
      </label>
      {exposed && (
        <div className="pf-expose__names">
          <label className="pf-expose__box" htmlFor={`${id}-name`}>
            <span>Name</span>
            <input
              id={`${id}-name`}
              className="pf-input pf-mono"
              value={name}
              title="How the API, the CLI and batch files call this input"
              data-testid={`expose-name-${param}`}
              onChange={(e) => {
                const v = e.target.value.trim();
                setDraft(v);
                const free = !inputs.some((i) => i.name === v && !(i.node === nodeId && i.param === param));
                if (INPUT_NAME.test(v) && free) set(nodeId, param, { name: v, label: exposed.label });
              }}
            />
          </label>
          <label className="pf-expose__box" htmlFor={`${id}-label`}>
            <span>Label</span>
            <input
              id={`${id}-label`}
              className="pf-input"
              value={exposed.label ?? ''}
              placeholder="Shown on the form"
              title="What the form shows above this input"
              data-testid={`expose-label-${param}`}
              onChange={(e) => set(nodeId, param, { name: exposed.name, label: e.target.value })}
            />
          </label>
        </div>
      )}
      {error && <div className="pf-field__error">{error}</div>}
    </div>
  );
}
