import type { NodeState, RunEvent } from '../shared/events.ts';
import { stateAfter } from '../shared/events.ts';

const ICON: Record<NodeState, string> = {
  pending: '·', queued: '…', running: '▶', cached: '≡', done: '✓', failed: '✗', skipped: '−', cancelled: '⊘',
};

/**
 * Live per-node progress. On a terminal it redraws a table in place; elsewhere (CI logs, pipes) it prints one line
 * per state change, so logs stay readable.
 */
export function progressDisplay(nodes: { id: string; title: string }[], out: NodeJS.WriteStream = process.stdout) {
  const rows = new Map(nodes.map((n) => [n.id, { title: n.title, state: 'pending' as NodeState, note: '' }]));
  const tty = out.isTTY;
  let drawn = 0;
  const width = Math.max(...nodes.map((n) => n.id.length), 4);

  function draw() {
    if (drawn) out.write(`\x1b[${drawn}A`);
    for (const [id, r] of rows) out.write(`\x1b[2K${ICON[r.state]} ${id.padEnd(width)}  ${r.state.padEnd(9)} ${r.title}${r.note ? `  ${r.note}` : ''}\n`);
    drawn = rows.size;
  }

  return {
    onEvent(e: RunEvent) {
      if (!('nodeId' in e)) return;
      const row = rows.get(e.nodeId);
      const state = stateAfter(e);
      if (!row) return;
      const before = row.state;
      if (state) row.state = state;
      if (e.type === 'node.queued') row.note = `queue position ${e.position}`;
      else if (e.type === 'node.started') row.note = '';
      else if (e.type === 'node.progress') row.note = e.logs.at(-1) ?? row.note;
      else if (e.type === 'node.failed') row.note = `${e.message}${e.field ? ` (field ${e.field})` : ''}`;
      else if (e.type === 'node.retrying') row.note = `retry ${e.attempt}: ${e.message}`;
      else if (e.type === 'node.completed') row.note = e.cost ? `$${e.cost.toFixed(2)} in ${(e.ms / 1000).toFixed(1)} s` : `${(e.ms / 1000).toFixed(1)} s`;
      else if (e.type === 'node.skipped') row.note = e.reason;
      if (tty) draw();
      else if (row.state !== before || e.type === 'node.failed') out.write(`${ICON[row.state]} ${e.nodeId} ${row.state}${row.note ? `: ${row.note}` : ''}\n`);
    },
    start() {
      if (tty) draw();
    },
  };
}
