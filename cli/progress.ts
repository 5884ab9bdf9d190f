import type { NodeRunState } from '../shared/api.ts';
import type { EngineKind, NodeState, RunEvent } from '../shared/events.ts';
import { reduceNode } from '../shared/run-state.ts';
import { UNCERTAIN_WORDS } from '../shared/uncertain-words.ts';

const ICON: Record<NodeState, string> = {
  pending: '·',
  queued: '…',
  running: '▶',
  cached: '≡',
  done: '✓',
  failed: '✗',
  skipped: '−',
  cancelled: '⊘',
  uncertain: '?',
};

const usd = (n: number) => `$${n.toFixed(2)}`;

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * The note beside a node, read from the reducer's record so the CLI says what the editor and the engine say. `engine`
 * is where the run went: an unanswered submit to the free preview engine is not "a job may exist on fal".
 */
export function nodeNote(id: string, r: NodeRunState, ms?: number, engine: EngineKind = 'fal'): string {
  const took = ms !== undefined ? `${(ms / 1000).toFixed(1)} s` : '';
  switch (r.state) {
    case 'queued':
      return r.position !== undefined ? `queue position ${r.position}` : '';
    case 'running':
    case 'skipped':
      return r.log ?? '';
    case 'failed':
      return r.error ? `${r.error.message}${r.error.field ? ` (field ${r.error.field})` : ''}` : '';
    case 'uncertain': {
      const words = UNCERTAIN_WORDS[engine];
      return (
        `${lowerFirst(words.title)} (${r.endpoint ?? 'unknown endpoint'}, submitted at ${r.submittedAt ?? 'an unknown time'}); ` +
        `run again with --resubmit ${id} to submit again — ${words.resubmitCost}`
      );
    }
    case 'done':
      // A preview's estimate is what fal would charge, never money spent: say so rather than show it as a cost.
      if (r.estimate !== undefined)
        return [`preview · would cost ${usd(r.estimate)} on fal`, took].filter(Boolean).join(' · ');
      return r.cost ? `${usd(r.cost)} in ${took}` : took;
    default:
      return '';
  }
}

/**
 * Live per-node progress. On a terminal it redraws a table in place; elsewhere (CI logs, pipes) it prints one line
 * per state change, so logs stay readable. Each row's state is `reduceNode` of the node's events.
 */
export function progressDisplay(nodes: { id: string; title: string }[], out: NodeJS.WriteStream = process.stdout) {
  const rows = new Map(
    nodes.map((n) => [
      n.id,
      { title: n.title, record: { state: 'pending' } as NodeRunState, ms: undefined as number | undefined },
    ]),
  );
  const tty = out.isTTY;
  // Said by the run's first event; fal until then, the wording that never understates what a resubmit may cost.
  let engine: EngineKind = 'fal';
  let drawn = 0;
  const width = Math.max(...nodes.map((n) => n.id.length), 4);

  function draw() {
    if (drawn) out.write(`\x1b[${drawn}A`);
    for (const [id, r] of rows) {
      const note = nodeNote(id, r.record, r.ms, engine);
      out.write(
        `\x1b[2K${ICON[r.record.state]} ${id.padEnd(width)}  ${r.record.state.padEnd(9)} ${r.title}${note ? `  ${note}` : ''}\n`,
      );
    }
    drawn = rows.size;
  }

  return {
    onEvent(e: RunEvent) {
      if (e.type === 'run.queued' && e.engine) engine = e.engine;
      if (!('nodeId' in e)) return;
      const row = rows.get(e.nodeId);
      if (!row) return;
      const before = row.record;
      row.record = reduceNode(row.record, e);
      if (row.record === before) return; // a replayed or late event the reducer ignored
      if (e.type === 'node.completed') row.ms = e.ms;
      if (tty) draw();
      else if (row.record.state !== before.state) {
        const note = nodeNote(e.nodeId, row.record, row.ms, engine);
        out.write(`${ICON[row.record.state]} ${e.nodeId} ${row.record.state}${note ? `: ${note}` : ''}\n`);
      }
    },
    start() {
      if (tty) draw();
    },
  };
}
