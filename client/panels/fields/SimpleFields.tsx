import { useEffect, useState } from 'react';
import type { FieldProps } from './Field.tsx';

export function TextField({ spec, value, onChange, multiline, id }: FieldProps & { multiline?: boolean }) {
  const v = typeof value === 'string' ? value : '';
  // Optional strings become "absent" when emptied, so fal sees no field rather than an empty one.
  const set = (s: string) => onChange(s === '' && !spec.required && spec.schema.default === undefined ? undefined : s);
  return multiline ? (
    <textarea
      className="pf-input"
      rows={3}
      id={id}
      value={v}
      onChange={(e) => set(e.target.value)}
      data-testid={`input-${spec.name}`}
    />
  ) : (
    <input
      className="pf-input"
      id={id}
      value={v}
      onChange={(e) => set(e.target.value)}
      data-testid={`input-${spec.name}`}
    />
  );
}

export function NumberField({ spec, value, onChange, id }: FieldProps) {
  // Keep the raw text while typing ("1." is not a number yet); push numbers out as soon as they parse.
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => setText(value === undefined ? '' : String(value)), [value]);
  return (
    <input
      className="pf-input"
      type="number"
      id={id}
      value={text}
      min={spec.schema.minimum}
      data-testid={`input-${spec.name}`}
      max={spec.schema.maximum && spec.schema.maximum < 1e9 ? spec.schema.maximum : undefined}
      step={spec.schema.type === 'integer' ? 1 : 'any'}
      placeholder={spec.schema.default === undefined ? 'empty' : String(spec.schema.default)}
      onChange={(e) => {
        setText(e.target.value);
        if (e.target.value === '') onChange(undefined);
        else if (Number.isFinite(Number(e.target.value))) onChange(Number(e.target.value));
      }}
    />
  );
}

export function SelectField({ spec, value, onChange, id }: FieldProps) {
  const choices = spec.choices ?? [];
  // An absent value means the schema default applies (imported graphs often omit defaults): show that choice.
  const shown = value ?? spec.schema.default;
  const placeholder = shown === undefined;
  // A value saved before the field's choices narrowed (an old graph's 7 s where only 5 or 10 are taken): shown as it
  // is, not as the first choice, so the field's problem matches what is on screen and picking a choice changes it.
  const stale = !placeholder && !choices.some((c) => String(c) === String(shown));
  return (
    <select
      className="pf-input"
      id={id}
      value={placeholder ? '' : String(shown)}
      data-testid={`input-${spec.name}`}
      onChange={(e) => onChange(choices.find((c) => String(c) === e.target.value))}
    >
      {placeholder && <option value="">Choose…</option>}
      {stale && (
        <option value={String(shown)} disabled>
          {String(shown)} (not offered)
        </option>
      )}
      {choices.map((c) => (
        <option key={String(c)} value={String(c)}>
          {String(c)}
        </option>
      ))}
    </select>
  );
}

export function ToggleField({ spec, value, onChange, id }: FieldProps) {
  return (
    <input
      type="checkbox"
      id={id}
      checked={value === true}
      onChange={(e) => onChange(e.target.checked)}
      data-testid={`input-${spec.name}`}
    />
  );
}

export function JsonField({ spec, value, onChange, id }: FieldProps) {
  const [text, setText] = useState(JSON.stringify(value ?? null));
  return (
    <textarea
      className="pf-input pf-mono"
      id={id}
      rows={3}
      value={text}
      data-testid={`input-${spec.name}`}
      onChange={(e) => {
        setText(e.target.value);
        try {
          onChange(JSON.parse(e.target.value));
        } catch {
          /* keep typing until it parses */
        }
      }}
    />
  );
}
