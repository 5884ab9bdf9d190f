import type { EngineKind } from '../../shared/events.ts';
import { ENGINE_HELP } from '../run/engine-words.ts';
import { Thumb } from './KeyParams.tsx';
import './plan.css';

/**
 * A file a run made; a preview carries a "preview" badge so it is never mistaken for a Pika video, and a result made
 * before the canvas changed is dimmed under a "previous" badge so it is never taken for what the canvas now makes.
 */
export function OutputThumb({ url, engine, previous }: { url: string; engine?: EngineKind; previous?: boolean }) {
  if (engine !== 'local' && !previous) return <Thumb url={url} />;
  const help = [
    engine === 'local' ? ENGINE_HELP.local : '',
    previous ? 'Made before your last change: the next Run makes this again.' : '',
  ];
  return (
    <div
      className={`pf-made${engine === 'local' ? ' is-preview' : ''}${previous ? ' is-previous' : ''}`}
      title={help.join(' ').trim()}
    >
      <Thumb url={url} />
      {engine === 'local' && (
        <span className="pf-preview-badge" data-testid="preview-badge">
          preview
        </span>
      )}
      {previous && (
        <span className="pf-previous-badge" data-testid="previous-badge">
          previous
        </span>
      )}
    </div>
  );
}
