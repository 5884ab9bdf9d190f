import type { BatchDetail } from '../../shared/batch-api.ts';
import { isMediaValue } from '../canvas/media-urls.ts';
import { OutputThumb } from '../canvas/OutputThumb.tsx';
import { usd } from '../run/engine-words.ts';
import { useServerConfig } from '../server-config.ts';
import { editorRunLink, formLink } from './app-api.ts';

/**
 * One tile per run of the batch: what it made, with which inputs, each linked to the run in the form or editor.
 * The batch's totals live on its row in the list above (BatchList), so the gallery is tiles only.
 */
export function BatchGallery({ templateId, batch }: { templateId: string; batch: BatchDetail }) {
  // Batches run on the server's default engine: without a key, every tile is a preview.
  const engine = useServerConfig((s) => (s.config?.localEngine ? 'local' : 'fal'));
  return (
    <div className="pf-gallery-wrap">
      <div className="pf-gallery" data-testid="batch-gallery">
        {batch.runs.map((r) => {
          const media = Object.values(r.outputs).find(isMediaValue);
          return (
            <div key={r.runId} className="pf-tile" data-testid="batch-tile" data-status={r.status}>
              <a href={formLink(templateId, r.runId)} className="pf-tile__media" title="Open this run">
                {media ? (
                  <OutputThumb url={media} engine={engine} />
                ) : (
                  <span className={`pf-run-result pf-run-result--${r.status}`}>{r.status}</span>
                )}
              </a>
              <div className="pf-chips">
                {Object.entries(r.inputs).map(([k, v]) => (
                  <span key={k} className="pf-chip" title={k}>
                    {k}={String(v).slice(0, 24)}
                  </span>
                ))}
              </div>
              <div className="pf-row pf-tile__links">
                <a href={formLink(templateId, r.runId)} data-testid="tile-open-app">
                  Open
                </a>
                <a href={editorRunLink(r.runId)} data-testid="tile-open-editor">
                  In editor
                </a>
                <span className="pf-muted">{engine === 'local' ? 'free' : usd(r.cost)}</span>
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
