import { useEffect, useState } from 'react';
import type { NodeRunView } from '../store/types.ts';
import { Thumb } from './KeyParams.tsx';

/** The live part of a node: where it is in the run, and what it made. */
/** `echo`: the node's output is its own param (a source), already shown above, so no second thumbnail. */
export function NodeStatus({ run, echo }: { run?: NodeRunView; echo?: boolean }) {
  if (!run) return null;
  const { state } = run;
  return (
    <div className="pf-node__status" data-testid="node-status">
      {state === 'queued' && <div className="pf-status-line">In fal's queue{run.position !== undefined ? ` · position ${run.position}` : ''}</div>}
      {state === 'running' && (
        <div className="pf-status-line">
          <span className="pf-spinner" /> Generating · <Elapsed since={run.startedAtMs} />
          {run.log && <div className="pf-log">{run.log}</div>}
        </div>
      )}
      {state === 'failed' && <div className="pf-status-line pf-error" data-testid="node-error">{run.error?.message ?? 'Failed'}</div>}
      {state === 'skipped' && <div className="pf-status-line pf-muted">Skipped{run.log ? ` · ${run.log}` : ''}</div>}
      {state === 'cancelled' && <div className="pf-status-line pf-muted">Cancelled</div>}
      {(state === 'done' || state === 'cached') && <Outputs run={run} echo={!!echo} />}
    </div>
  );
}

function Outputs({ run, echo }: { run: NodeRunView; echo: boolean }) {
  const values = Object.values(run.outputs ?? {}).filter((v) => typeof v === 'string' && v);
  const media = values.find((v) => /^(https?:|\/|blob:|data:)/.test(v) && !echo);
  return (
    <>
      {media && <Thumb url={media} />}
      <div className="pf-status-line pf-muted">
        {run.state === 'cached' ? 'Cached · no new generation' : 'Done'}
        {run.cost ? ` · $${run.cost.toFixed(2)}` : ''}
      </div>
    </>
  );
}

function Elapsed({ since }: { since?: number }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, []);
  return <span data-testid="elapsed">{since ? ((now - since) / 1000).toFixed(1) : '0.0'} s</span>;
}
