import '@xyflow/react/dist/style.css';
import './styles.css';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { persistDraft, restoreDraft } from './draft.ts';
import { resumeRun } from './run/run-controller.ts';
import { createEditorStore } from './store/editor-store.ts';
import { watchProblems } from './store/problems.ts';

const store = createEditorStore();
restoreDraft(store);
watchProblems(store);
persistDraft(store);
void resumeRun(store);
// Exposed for the browser tests and the bench (they read state; they never need to change it this way).
(window as unknown as { __pikaflow: unknown }).__pikaflow = store;

createRoot(document.getElementById('root')!).render(<App store={store} />);
