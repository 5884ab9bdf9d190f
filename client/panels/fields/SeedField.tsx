import { useEffect, useState } from 'react';
import type { FieldProps } from './Field.tsx';
import './seed.css';

const MAX_SEED = 2 ** 32 - 1;
const newSeed = () => Math.floor(Math.random() * 2 ** 31);

/**
 * A seed is either "random" (absent: a new video each run) or a fixed number (same video again). The box keeps what is
 * typed — empty, "-", half a number — and stays on screen with the focus: only a whole number in range is stored, and
 * anything else is called out when the box is left. (Storing "empty" as random used to unmount the box mid-edit, and
 * the next digit went to the canvas, which opened quick-add.)
 */
export function SeedField({ value, onChange, spec }: FieldProps) {
  const random = value === undefined;
  const [text, setText] = useState(random ? '' : String(value));
  const [error, setError] = useState('');
  // An outside change (undo, ⟳, another node in the same inspector slot) shows the stored seed again.
  useEffect(() => {
    if (value !== undefined) setText(String(value));
    setError('');
  }, [value]);
  const valid = (t: string) => /^\d+$/.test(t.trim()) && Number(t) <= MAX_SEED;
  return (
    <div className="pf-seed">
      <div className="pf-row">
        <label className="pf-check">
          <input
            type="checkbox"
            checked={random}
            data-testid={`seed-random-${spec.name}`}
            onChange={(e) => onChange(e.target.checked ? undefined : newSeed())}
          />
          random
        </label>
        {!random && (
          <input
            className="pf-input"
            inputMode="numeric"
            value={text}
            aria-label={spec.schema.title ?? spec.name}
            aria-invalid={!!error}
            data-testid={`input-${spec.name}`}
            onChange={(e) => {
              setText(e.target.value);
              setError('');
              if (valid(e.target.value)) onChange(Number(e.target.value.trim()));
            }}
            onBlur={() => {
              if (!valid(text))
                setError(
                  `Seed must be a whole number from 0 to ${MAX_SEED.toLocaleString('en-US')}; ` +
                    `it stays ${String(value)} until then (or tick random).`,
                );
            }}
          />
        )}
        {!random && (
          <button type="button" className="pf-btn pf-btn--icon" title="New seed" onClick={() => onChange(newSeed())}>
            ⟳
          </button>
        )}
      </div>
      {error && (
        <div className="pf-field__error" data-testid={`seed-error-${spec.name}`}>
          {error}
        </div>
      )}
    </div>
  );
}
