import { useEffect, useState } from 'react';
import type { EngineKind } from '../../shared/events.ts';
import { costWords, usd } from '../run/engine-words.ts';
import { nameNodes } from '../run/node-names.ts';
import { plainError } from '../run/plain-error.ts';
import { useEditor } from '../store/context.tsx';
import type { NodeRunView } from '../store/types.ts';
import { isMediaValue } from './media-urls.ts';
import { OutputThumb } from './OutputThumb.tsx';
import { UncertainNote } from './UncertainNote.tsx';

interface Props {
  run?: NodeRunView;
  /** The node's output is its own param (a source), already shown above, so no second thumbnail. */
  echo?: boolean;
  /** A source (Image, Video, Prompt): what it gives is the designer's own file or text, never a preview or a cost. */
  source?: boolean;
  /** Which engine the run used: a preview's results and money are worded as such. */
  engine?: EngineKind;
  /** Offered on a node whose submit had an unknown outcome (absent: the page cannot start such a run). */
  onResubmit?: () => void;
  /** Its result was made before the canvas changed: shown dimmed as the previous result, never as the current one. */
  previous?: boolean;
}

/** The live part of a node: where it is in the run, and what it made. */
export function NodeStatus({ run, echo, source, engine = 'fal', onResubmit, previous }: Props) {
  if (!run) return null;
  const { state } = run;
  if (source && (state === 'done' || state === 'cached')) return null; // its pill says it; its file is shown above
  const preview = engine === 'local';
  return (
    <div className="pf-node__status" data-testid="node-status">
      {state === 'queued' && (
        <div className="pf-status-line">
          {preview ? 'Waiting for the preview engine' : "In fal's queue"}
          {run.position !== undefined ? ` · position ${run.position}` : ''}
        </div>
      )}
      {state === 'running' && (
        <div className="pf-status-line">
          <span className="pf-spinner" /> {preview ? 'Making a preview' : 'Generating'} ·{' '}
          <Elapsed since={run.startedAt} />
          {run.log && <div className="pf-log">{run.log}</div>}
        </div>
      )}
      {state === 'failed' && (
        <div className="pf-status-line pf-error" data-testid="node-error" title={run.error?.message}>
          {run.error ? plainError(run.error.message, engine) : 'Failed'}
        </div>
      )}
      {/* fal finished (and charged for) the job, then fetching its result failed: say so, and that a rerun does not pay again. */}
      {state === 'failed' && !!run.cost && (
        <div className="pf-status-line pf-billed" data-testid="node-billed">
          fal charged {usd(run.cost)} for this job. Run again to fetch its result; it is not charged twice.
        </div>
      )}
      {state === 'uncertain' && <UncertainNote run={run} engine={engine} onResubmit={onResubmit} />}
      {state === 'skipped' && (
        <div className="pf-status-line pf-muted">
          Skipped
          {run.log ? (
            <>
              {' '}
              · <Named text={run.log} />
            </>
          ) : (
            ''
          )}
        </div>
      )}
      {/* The note says what a cancel means for money (a job fal had already started may still be billed). */}
      {state === 'cancelled' && (
        <div className="pf-status-line pf-muted" data-testid="node-cancelled">
          Cancelled{run.log ? ` · ${run.log}` : ''}
        </div>
      )}
      {(state === 'done' || state === 'cached') && (
        <Outputs run={run} echo={!!echo} engine={engine} previous={!!previous} />
      )}
    </div>
  );
}

interface OutputsProps {
  run: NodeRunView;
  echo: boolean;
  engine: EngineKind;
  previous: boolean;
}

function Outputs({ run, echo, engine, previous }: OutputsProps) {
  const media = echo ? undefined : Object.values(run.outputs ?? {}).find(isMediaValue);
  const money = engine === 'local' ? costWords('local', 0, run.estimate) : run.cost ? usd(run.cost) : '';
  const word = previous
    ? 'Previous result · Run to update'
    : run.state === 'cached'
      ? 'Cached · no new generation'
      : engine === 'local'
        ? 'Preview ready'
        : 'Done';
  return (
    <>
      {media && <OutputThumb url={media} engine={engine} previous={previous} />}
      <div className={`pf-status-line pf-muted${previous ? ' is-previous' : ''}`} data-testid="node-done-line">
        {word}
        {money && !previous ? ` · ${money}` : ''}
      </div>
    </>
  );
}

/** A server message with the nodes it quotes by id called by their names. */
function Named({ text }: { text: string }) {
  return <>{useEditor((s) => nameNodes(text, s.nodes))}</>;
}

/** Seconds since the server saw the node start (clamped: the two clocks may differ a little). */
function Elapsed({ since }: { since?: string }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, []);
  const start = since ? Date.parse(since) : NaN;
  return (
    <span data-testid="elapsed">{Number.isNaN(start) ? '0.0' : (Math.max(0, now - start) / 1000).toFixed(1)} s</span>
  );
}
