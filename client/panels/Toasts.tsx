import { useEffect } from 'react';
import { plainMessage } from '../run/plain-error.ts';
import { useEditor, useEditorStore } from '../store/context.tsx';
import type { Toast } from '../store/types.ts';
import { reveal } from './reveal.ts';
import './plain-errors.css';

/**
 * Short messages (why a connection was refused, save results); errors stay longer than news. A toast about a node is
 * a button that goes to it. (Also on the form page, which has no canvas.)
 */
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
  const text = plainMessage(toast.message);
  const close = () => store.getState().dismissToast(toast.id);
  if (toast.target) {
    const target = toast.target;
    return (
      <button
        type="button"
        className={`pf-toast pf-toast--${toast.kind} pf-toast--link`}
        data-testid={`toast-${toast.kind}`}
        title="Show this node"
        onClick={() => (reveal(store, target), close())}
      >
        {text} <span className="pf-toast__go">Show →</span>
      </button>
    );
  }
  return (
    <div className={`pf-toast pf-toast--${toast.kind}`} data-testid={`toast-${toast.kind}`} onClick={close}>
      {text}
    </div>
  );
}
