import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { Canvas } from './canvas/Canvas.tsx';
import { canvasPointer, watchCanvasPointer } from './canvas/canvas-pointer.ts';
import { useFitReadable } from './canvas/fit-readable.ts';
import './layout.css';
import { PanelRail } from './panels/PanelRail.tsx';
import { Dialogs } from './panels/Dialogs.tsx';
import { Palette } from './panels/Palette.tsx';
import { QuickAdd } from './panels/QuickAdd.tsx';
import { SidePanel } from './panels/SidePanel.tsx';
import { Toasts } from './panels/Toasts.tsx';
import { startRun } from './run/run-controller.ts';
import { LocalEngineBanner } from './LocalEngineBanner.tsx';
import { loadServerConfig } from './server-config.ts';
import { handleKey } from './shortcuts.ts';
import { EditorProvider, useEditorStore } from './store/context.tsx';
import type { EditorStore } from './store/editor-store.ts';
import { save } from './templates/template-actions.ts';
import { TopBar } from './TopBar.tsx';
import { useUi } from './ui-store.ts';
import { useLayout } from './use-layout.ts';

export function App({ store }: { store: EditorStore }) {
  return (
    <EditorProvider store={store}>
      <ReactFlowProvider>
        <Shell />
      </ReactFlowProvider>
    </EditorProvider>
  );
}

function Shell() {
  const store = useEditorStore();
  const quickAdd = useUi((s) => s.quickAdd);
  const paletteOpen = useUi((s) => s.paletteOpen);
  const sideOpen = useUi((s) => s.sideOpen);
  useConfig();
  const layout = useLayout();
  const frame = useFitReadable();
  const { screenToFlowPosition } = useReactFlow();
  useEffect(watchCanvasPointer, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const ui = useUi.getState();
      // Escape closes a dialog, except the stale-save one, which needs a real choice.
      if (ui.dialog && e.key === 'Escape' && ui.dialog !== 'conflict') return ui.set({ dialog: null });
      if (ui.dialog || ui.quickAdd !== null) return;
      handleKey(e, {
        store,
        run: () => void startRun(store),
        preview: () => void startRun(store, { engine: 'local' }),
        save: () => void save(store),
        layout: () => void layout(),
        fitView: () => frame({ duration: 300 }),
        quickAdd: (initial) => useUi.getState().set({ quickAdd: initial }),
        help: () => useUi.getState().set({ dialog: 'help' }),
        pointer: () => {
          const p = canvasPointer();
          return p && screenToFlowPosition(p);
        },
      });
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [store, layout, frame, screenToFlowPosition]);
  return (
    <div className="pf-app">
      <TopBar />
      <LocalEngineBanner />
      <main className="pf-main" data-palette={paletteOpen ? 'open' : 'closed'} data-side={sideOpen ? 'open' : 'closed'}>
        {paletteOpen ? <Palette /> : <PanelRail which="paletteOpen" />}
        <Canvas />
        {sideOpen ? <SidePanel /> : <PanelRail which="sideOpen" />}
      </main>
      {quickAdd !== null && <QuickAdd initial={quickAdd} onClose={() => useUi.getState().set({ quickAdd: null })} />}
      <Dialogs />
      <Toasts />
    </div>
  );
}

function useConfig(): void {
  const store = useEditorStore();
  useEffect(() => {
    loadServerConfig().catch((err: Error) => store.getState().toast('error', err.message));
  }, [store]);
}
