import './annotations.css';

/**
 * Says a node is bypassed (Ctrl+B, as in ComfyUI): it does not run; the run hands its input of the same kind on, or
 * skips it and what follows when it has none (the node's status then says "Skipped · bypassed").
 */
export function BypassBadge({ bypassed, compact }: { bypassed?: boolean; compact?: boolean }) {
  if (!bypassed) return null;
  return (
    <span
      className={`pf-bypass-badge${compact ? ' is-compact' : ''}`}
      data-testid="bypass-badge"
      title="Bypassed: this node does not run. Its input of the same kind is handed on; without one, it and what follows are skipped. Ctrl+B turns it back on."
    >
      {compact ? '⤳' : 'Bypassed'}
    </span>
  );
}
