import './wired.css';
import { useId, type ComponentType, type ReactNode } from 'react';
import type { FieldKind, FieldSpec } from './field-kind.ts';
import { MediaField } from './MediaField.tsx';
import { JsonField, NumberField, SelectField, TextField, ToggleField } from './SimpleFields.tsx';
import { SeedField } from './SeedField.tsx';
import { TransitionsField } from './TransitionsField.tsx';

export interface FieldProps {
  nodeId: string;
  spec: FieldSpec;
  value: unknown;
  onChange(value: unknown): void;
  /** The id the row's <label> points at: a widget puts it on its main control so the field has a name. */
  id?: string;
}

/** Field kind → widget. Kinds come from the schema (field-kind.ts), so no node type is ever named here. */
const WIDGETS: Record<FieldKind, ComponentType<FieldProps>> = {
  transitions: TransitionsField,
  seed: SeedField,
  media: MediaField,
  select: SelectField,
  multiline: (p) => <TextField {...p} multiline />,
  text: TextField,
  number: NumberField,
  toggle: ToggleField,
  json: JsonField,
};

/** One labelled row of the inspector, with its problems (shared validation or a failed run) underneath. */
/** `aside`: extra controls under the widget (the inspector's "template input" toggle; the app form has none). */
/** `wiredFrom`: the node feeding this field by a wire; what is typed here would be ignored, so nothing is offered. */
export function Field(props: FieldProps & { errors: string[]; aside?: ReactNode; label?: string; wiredFrom?: string }) {
  const { spec, errors, aside, label, wiredFrom } = props;
  const Widget = WIDGETS[spec.kind];
  const id = useId();
  return (
    <div className={`pf-field${errors.length ? ' has-error' : ''}`} data-testid={`field-${spec.name}`}>
      <label className="pf-field__label" htmlFor={id} title={spec.schema.description}>
        {label ?? spec.schema.title ?? spec.name}
        {spec.schema.description && <span className="pf-field__hint">{spec.schema.description}</span>}
      </label>
      {wiredFrom ? (
        <output id={id} className="pf-field__wired" data-testid="field-wired">
          From {wiredFrom} (wired) · disconnect the wire to type here
        </output>
      ) : (
        <Widget {...props} id={id} />
      )}
      {!wiredFrom && aside}
      {errors.map((e) => (
        <div key={e} className="pf-field__error" data-testid="field-error">
          {e}
        </div>
      ))}
    </div>
  );
}
