import { useEffect } from 'react';
import { useEditor, useEditorStore } from '../store/context.tsx';
import type { Toast } from '../store/types.ts';

/** Short messages (why a connection was refused, save results); errors stay longer than news. */
export function Toasts() {
  const toasts = useEditor((s) => s.toasts);
  return (
    <div className="pf-toasts" data-testid="toasts" role="status">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}

function ToastItem({ toast }: { toast: Toast }) {
  const store = useEditorStore();
  useEffect(() => {
    const t = setTimeout(
      () => store.getState().dismissToast(toast.id),
      toast.ms ?? (toast.kind === 'error' ? 7000 : 3500),
    );
    return () => clearTimeout(t);
  }, [store, toast]);
  return (
    <div
      className={`pf-toast pf-toast--${toast.kind}`}
      data-testid={`toast-${toast.kind}`}
      onClick={() => store.getState().dismissToast(toast.id)}
    >
      {toast.message}
    </div>
  );
}
