import type { BatchDetail } from '../../shared/batch-api.ts';
import { TERMINAL_RUN, type RunStatus } from '../../shared/events.ts';
import { useServerConfig } from '../server-config.ts';
import { BatchGallery } from './BatchGallery.tsx';
import type { Batches } from './use-batches.ts';

/** Every batch this template has run, newest first; one opens into its gallery (and into the address). */
export function BatchList({ templateId, batches }: { templateId: string; batches: Batches }) {
  const { list, openId, error, open } = batches;
  return (
    <div className="pf-batchlist" data-testid="batch-list">
      <h3 className="pf-pad">Batches{list?.length ? <span className="pf-muted"> · {list.length}</span> : null}</h3>
      {error && (
        <div className="pf-problem" data-testid="batch-list-error">
          {error}
        </div>
      )}
      {!list && !error && <p className="pf-muted pf-pad">Loading batches…</p>}
      {list && !list.length && <p className="pf-muted pf-pad">No batches yet: check a plan above, then run it.</p>}
      {list?.map((b) => (
        <BatchRow
          key={b.id}
          templateId={templateId}
          batch={b}
          isOpen={b.id === openId}
          toggle={() => open(b.id === openId ? null : b.id)}
        />
      ))}
    </div>
  );
}

function BatchRow({
  templateId,
  batch,
  isOpen,
  toggle,
}: {
  templateId: string;
  batch: BatchDetail;
  isOpen: boolean;
  toggle(): void;
}) {
  // Batches run on the server's default engine: without a key, every one is a free preview.
  const preview = useServerConfig((s) => !!s.config?.localEngine);
  const done = batch.runs.filter((r) => TERMINAL_RUN.includes(r.status as RunStatus)).length;
  const failed = batch.runs.filter((r) => r.status === 'failed' || r.status === 'cancelled').length;
  const cost = batch.runs.reduce((s, r) => s + r.cost, 0);
  const running = done < batch.runs.length;
  return (
    <div
      className={`pf-batchrow${isOpen ? ' is-open' : ''}`}
      data-testid="batch-row"
      data-batch={batch.id}
      data-open={isOpen}
    >
      <button
        type="button"
        className="pf-batchrow__head"
        onClick={toggle}
        aria-expanded={isOpen}
        data-testid="batch-row-toggle"
      >
        <span className="pf-batchrow__caret">{isOpen ? '▾' : '▸'}</span>
        <span className="pf-batchrow__when" title={batch.createdAt}>
          {new Date(batch.createdAt).toLocaleString()}
        </span>
        <span data-testid="batch-count">
          {batch.runs.length} run{batch.runs.length === 1 ? '' : 's'}
        </span>
        <span className="pf-muted" data-testid="batch-progress">
          {running && <span className="pf-spinner" />} {done}/{batch.runs.length} finished
          {failed ? ` · ${failed} failed` : ''}
        </span>
        {/* Cost lands as runs finish; while running, the previewed estimate says where it is heading. */}
        <span className="pf-batchrow__cost" data-testid="batch-cost">
          {preview ? (
            'Free preview'
          ) : (
            <>
              ${cost.toFixed(2)}
              {running && <span className="pf-muted"> of ≈ ${batch.plan.total.toFixed(2)}</span>}
            </>
          )}
        </span>
      </button>
      {isOpen && <BatchGallery templateId={templateId} batch={batch} />}
    </div>
  );
}
