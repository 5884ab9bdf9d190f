import { useState } from 'react';
import { TERMINAL_RUN, type EngineKind } from '../../shared/events.ts';
import { ApiError } from '../api.ts';
import { Field } from '../panels/fields/Field.tsx';
import { specOf, type PropSchema } from '../panels/fields/field-kind.ts';
import { follow } from '../run/run-controller.ts';
import { useEditor, useEditorStore } from '../store/context.tsx';
import { plainRunEngine, useServerConfig } from '../server-config.ts';
import { emptyRun } from '../store/run-state.ts';
import { appApi, type TemplateForm } from './app-api.ts';

/**
 * The template's inputs as a form (the inspector's own widgets), Run, and (with a key) a free Preview. Server errors
 * land on the input they name.
 */
export function AppForm({ form }: { form: TemplateForm }) {
  const store = useEditorStore();
  const [values, setValues] = useState<Record<string, unknown>>(() =>
    Object.fromEntries(form.fields.map((f) => [f.name, f.default])),
  );
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [general, setGeneral] = useState('');
  const run = useEditor((s) => s.run);
  const busy = !!run && !TERMINAL_RUN.includes(run.status);
  const canPreview = useServerConfig((s) => !!s.config?.canPreview);
  const submit = async (engine?: EngineKind) => {
    setErrors({});
    setGeneral('');
    try {
      const detail = await appApi.run(form.id, values, engine ? { engine } : {});
      store.getState().setRun(emptyRun(detail.id, detail.engine ?? engine ?? plainRunEngine()));
      follow(store, detail.id, { remember: false });
      // The address now names this run, so it can be shared or reloaded.
      history.replaceState(null, '', `${location.pathname}?run=${encodeURIComponent(detail.id)}`);
    } catch (err) {
      if (!(err instanceof ApiError)) return setGeneral(String(err));
      const byInput: Record<string, string[]> = {};
      for (const p of err.problems) {
        const name = p.field?.startsWith('inputs.') ? p.field.slice(7) : undefined;
        if (name && form.fields.some((f) => f.name === name))
          (byInput[name] ??= []).push(p.message.replace(/^Input "[^"]+": /, ''));
      }
      setErrors(byInput);
      if (!Object.keys(byInput).length) setGeneral(err.message);
    }
  };
  return (
    <form
      className="pf-appform"
      data-testid="app-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {!form.fields.length && (
        <p className="pf-muted pf-pad">This template exposes no inputs: Run makes it as saved.</p>
      )}
      {form.fields.map((f) => (
        <Field
          key={f.name}
          nodeId={f.node}
          spec={specOf(f.name, f.schema as PropSchema)}
          label={f.label}
          value={values[f.name]}
          errors={errors[f.name] ?? []}
          onChange={(v) => setValues((old) => ({ ...old, [f.name]: v }))}
        />
      ))}
      {general && (
        <div className="pf-problem" data-testid="app-run-error">
          {general}
        </div>
      )}
      <div className="pf-row pf-pad">
        {/* With a key, Run pays fal; Preview is the free look first (without one, Run already is a preview). */}
        {canPreview && (
          <button
            type="button"
            className="pf-btn pf-btn--preview"
            disabled={busy}
            onClick={() => void submit('local')}
            data-testid="app-preview"
            title="A free preview made on this computer: not a Pika video"
          >
            ◇ Preview <span className="pf-btn__note">free</span>
          </button>
        )}
        <button
          type="submit"
          className="pf-btn pf-btn--primary"
          disabled={busy}
          data-testid="app-run"
          title={canPreview ? 'Runs on fal (paid)' : undefined}
        >
          {busy ? 'Running…' : '▶ Run'}
        </button>
      </div>
    </form>
  );
}
