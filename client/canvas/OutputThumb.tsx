import { useNodeId } from '@xyflow/react';
import { useRef, useState } from 'react';
import type { EngineKind } from '../../shared/events.ts';
import { ENGINE_HELP } from '../run/engine-words.ts';
import { useEditorStore } from '../store/context.tsx';
import { useEnlarged } from './enlarged-previews.ts';
import { Thumb } from './KeyParams.tsx';
import { MediaPlayerDialog } from './MediaPlayerDialog.tsx';
import { isVideoUrl } from './media-urls.ts';
import { playerFacts } from './player-facts.ts';
import { useScrub } from './use-scrub.ts';
import './plan.css';
import './preview.css';

interface Props {
  url: string;
  engine?: EngineKind;
  previous?: boolean;
}

/**
 * A file a run made; a preview carries a "preview" badge so it is never mistaken for a Pika video, and a result made
 * before the canvas changed is dimmed under a "previous" badge so it is never taken for what the canvas now makes.
 * A video scrubs under the pointer. On a canvas node it can also be shown large in place (⤢) and opened full size
 * (double-click, or Enter on it).
 */
export function OutputThumb({ url, engine, previous }: Props) {
  const nodeId = useNodeId(); // null outside a canvas node (run history, the form page)
  const help = [
    engine === 'local' ? ENGINE_HELP.local : '',
    previous ? 'Made before your last change: the next Run makes this again.' : '',
  ];
  const large = useEnlarged((s) => !!nodeId && s.ids.has(nodeId));
  return (
    <div
      className={`pf-made${engine === 'local' ? ' is-preview' : ''}${previous ? ' is-previous' : ''}${large ? ' is-large' : ''}`}
      title={help.join(' ').trim() || undefined}
    >
      {nodeId ? <NodeMedia nodeId={nodeId} url={url} large={large} /> : <Media url={url} />}
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

/** The thumbnail itself: a video scrubs under the pointer, an image is shown as it is. */
function Media({ url }: { url: string }) {
  const scrub = useScrub();
  if (!isVideoUrl(url)) return <Thumb url={url} video={false} />;
  return (
    <div className="pf-scrub" {...scrub.handlers}>
      <video ref={scrub.ref} className="pf-media" src={url} muted loop autoPlay playsInline data-testid="node-video" />
    </div>
  );
}

/** On a node: the thumbnail opens the player, and a corner toggle shows it large in place. */
function NodeMedia({ nodeId, url, large }: { nodeId: string; url: string; large: boolean }) {
  const store = useEditorStore();
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const title = () => playerFacts(store.getState(), nodeId).title;
  const close = () => {
    setOpen(false);
    opener.current?.focus(); // back where the person was
  };
  return (
    <>
      <button
        ref={opener}
        type="button"
        className="pf-made__open"
        aria-label={`Open ${title()} full size`}
        title="Double-click to open full size"
        data-testid="open-player"
        onDoubleClick={(e) => {
          e.stopPropagation();
          setOpen(true);
        }}
        onClick={(e) => e.detail === 0 && setOpen(true) /* Enter or Space: a keyboard click has no pointer detail */}
      >
        <Media url={url} />
      </button>
      <button
        type="button"
        className="pf-made__grow nodrag"
        aria-pressed={large}
        aria-label={large ? 'Show smaller' : 'Show larger'}
        title={large ? 'Show smaller' : 'Show larger, in place'}
        data-testid="enlarge-preview"
        onClick={(e) => {
          e.stopPropagation();
          useEnlarged.getState().toggle(nodeId);
        }}
        onDoubleClick={(e) => e.stopPropagation()}
      >
        {large ? '⤡' : '⤢'}
      </button>
      {open && <MediaPlayerDialog url={url} facts={playerFacts(store.getState(), nodeId)} onClose={close} />}
    </>
  );
}
