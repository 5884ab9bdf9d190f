import type { EngineKind } from '../../shared/events.ts';
import { ENGINE_HELP } from '../run/engine-words.ts';
import { Thumb } from './KeyParams.tsx';

/** A file a run made; a preview carries a "preview" badge so it is never mistaken for a Pika video. */
export function OutputThumb({ url, engine }: { url: string; engine?: EngineKind }) {
  if (engine !== 'local') return <Thumb url={url} />;
  return (
    <div className="pf-made is-preview" title={ENGINE_HELP.local}>
      <Thumb url={url} />
      <span className="pf-preview-badge" data-testid="preview-badge">
        preview
      </span>
    </div>
  );
}
