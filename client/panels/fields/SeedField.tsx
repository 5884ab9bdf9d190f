import type { FieldProps } from './Field.tsx';
import { NumberField } from './SimpleFields.tsx';

/** A seed is either "random" (absent: a new video each run) or a fixed number (same video again). */
export function SeedField(props: FieldProps) {
  const { value, onChange, spec } = props;
  const random = value === undefined;
  return (
    <div className="pf-row">
      <label className="pf-check">
        <input
          type="checkbox"
          checked={random}
          data-testid={`seed-random-${spec.name}`}
          onChange={(e) => onChange(e.target.checked ? undefined : Math.floor(Math.random() * 2 ** 31))}
        />
        random
      </label>
      {!random && <NumberField {...props} />}
      {!random && (
        <button
          type="button"
          className="pf-btn pf-btn--icon"
          title="New seed"
          onClick={() => onChange(Math.floor(Math.random() * 2 ** 31))}
        >
          ⟳
        </button>
      )}
    </div>
  );
}
