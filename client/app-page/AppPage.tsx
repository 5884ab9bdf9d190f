import { useEffect, useState } from 'react';
import { TERMINAL_RUN } from '../../shared/events.ts';
import { api, ApiError } from '../api.ts';
import { Toasts } from '../panels/Toasts.tsx';
import { follow } from '../run/run-controller.ts';
import { LocalEngineBanner } from '../LocalEngineBanner.tsx';
import { ThemeSwitch } from '../ThemeSwitch.tsx';
import { loadServerConfig } from '../server-config.ts';
import { EditorProvider } from '../store/context.tsx';
import { createEditorStore, type EditorStore } from '../store/editor-store.ts';
import { runFromDetail } from '../store/run-state.ts';
import { appApi, type TemplateForm } from './app-api.ts';
import { AppForm } from './AppForm.tsx';
import { BatchPanel } from './BatchPanel.tsx';
import { RunView } from './RunView.tsx';
import { batchInUrl } from './use-batches.ts';

/**
 * A template run as an app (`/app/<templateId>`): its form, no canvas. The page keeps its own editor store holding the
 * template's graph, so live progress is the editor's own run state fed by the same event stream.
 */
export function AppPage({ templateId }: { templateId: string }) {
  const [store] = useState(() => createEditorStore());
  const [form, setForm] = useState<TemplateForm | null>(null);
  const [error, setError] = useState('');
  // `?batch=<id>` (a reload, or a link handed around) lands on the Batch tab with that batch open.
  const [tab, setTab] = useState<'run' | 'batch'>(() => (batchInUrl() ? 'batch' : 'run'));
  useEffect(() => {
    // Where runs go (a Preview button, preview labels); a failure only loses the Preview button.
    loadServerConfig().catch(() => undefined);
    void loadApp(store, templateId).then(setForm, (err) =>
      setError(err instanceof ApiError ? err.message : String(err)),
    );
  }, [store, templateId]);
  return (
    <EditorProvider store={store}>
      <div className="pf-apppage" data-testid="app-page">
        <header className="pf-topbar">
          <div className="pf-brand">
            pika<b>flow</b>
          </div>
          <h1 className="pf-apppage__title" data-testid="app-title">
            {form?.name ?? 'Loading…'}
          </h1>
          {form && (
            <span className="pf-muted">
              v{form.version} · {form.fields.length} input{form.fields.length === 1 ? '' : 's'}
            </span>
          )}
          <nav className="pf-actions">
            <ThemeSwitch />
            <a className="pf-btn" href={`/?template=${encodeURIComponent(templateId)}`} data-testid="app-open-editor">
              Open in editor
            </a>
          </nav>
        </header>
        <LocalEngineBanner />
        {error && (
          <div className="pf-problem pf-pad" data-testid="app-error">
            {error}
          </div>
        )}
        {form && (
          <main className={`pf-apppage__main${tab === 'batch' ? ' is-batch' : ''}`}>
            <section className="pf-card pf-apppage__form">
              <div className="pf-tabs" role="tablist">
                <button
                  type="button"
                  role="tab"
                  aria-selected={tab === 'run'}
                  className={`pf-tab${tab === 'run' ? ' is-active' : ''}`}
                  onClick={() => setTab('run')}
                  data-testid="app-tab-run"
                >
                  Run once
                </button>
                <button
                  type="button"
                  role="tab"
                  aria-selected={tab === 'batch'}
                  className={`pf-tab${tab === 'batch' ? ' is-active' : ''}`}
                  onClick={() => setTab('batch')}
                  data-testid="app-tab-batch"
                >
                  Batch
                </button>
              </div>
              {form.problems.map((p) => (
                <div key={p} className="pf-problem">
                  {p}
                </div>
              ))}
              {tab === 'run' ? <AppForm form={form} /> : <BatchPanel form={form} />}
            </section>
            {tab === 'run' && <RunView />}
          </main>
        )}
        <Toasts />
      </div>
    </EditorProvider>
  );
}

/** The form, the graph (for node names and which nodes are outputs), and the run named in the URL, if any. */
async function loadApp(store: EditorStore, templateId: string): Promise<TemplateForm> {
  const [form, stored] = await Promise.all([appApi.inputs(templateId), api.getGraph(templateId)]);
  store.getState().load(stored.graph, { id: stored.id, name: stored.name, version: stored.version });
  const runId = new URLSearchParams(location.search).get('run');
  if (runId) {
    const detail = await api.getRun(runId);
    store.getState().setRun(runFromDetail(detail));
    if (!TERMINAL_RUN.includes(detail.status)) follow(store, runId, { remember: false });
  }
  return form;
}
