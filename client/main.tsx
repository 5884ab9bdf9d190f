import '@xyflow/react/dist/style.css';
import './styles.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import { AppPage } from './app-page/AppPage.tsx';
import { App } from './App.tsx';
import { draftRunId, persistDraft, restoreDraft } from './draft.ts';
import { queryClient } from './query-client.ts';
import { resumeRun } from './run/run-controller.ts';
import { signInFirst } from './sign-in/gate.tsx';
import { createEditorStore } from './store/editor-store.ts';
import { watchProblems } from './store/problems.ts';
import { openFromUrl } from './url-open.ts';

const root = createRoot(document.getElementById('root')!);
// With access control on, nothing below starts (or calls the API) until the person has signed in.
await signInFirst(root);
// `/app/<templateId>`: the template as a form (the server answers every non-API path with this page).
const appRoute = location.pathname.match(/^\/app\/([^/]+)/);

if (appRoute) {
  root.render(
    <QueryClientProvider client={queryClient}>
      <AppPage templateId={decodeURIComponent(appRoute[1])} />
    </QueryClientProvider>,
  );
} else {
  const store = createEditorStore();
  const lastRun = restoreDraft(store) ? draftRunId() : undefined;
  watchProblems(store);
  persistDraft(store);
  void resumeRun(store, lastRun).then(() => openFromUrl(store));
  // Exposed for the browser tests and the bench (they read state; they never need to change it this way).
  (window as unknown as { __pikaflow: unknown }).__pikaflow = store;
  root.render(
    <QueryClientProvider client={queryClient}>
      <App store={store} />
    </QueryClientProvider>,
  );
}
