import { useEffect, useId, useRef } from 'react';
import { createPortal } from 'react-dom';
import { isVideoUrl } from './media-urls.ts';
import type { PlayerFacts } from './player-facts.ts';
import './preview.css';

interface Props {
  url: string;
  facts: PlayerFacts;
  onClose(): void;
}

/**
 * A result at full size, with where it came from (prompt, seed, cost, engine, fal request id) and a download link.
 * Modal: Escape, the ✕ or a click outside closes it, Tab stays inside, and no key reaches the canvas underneath
 * (a Delete here must never delete the selected node). The opener gets the focus back (see OutputThumb).
 */
export function MediaPlayerDialog({ url, facts, onClose }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    box.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    // Capture on window: before the editor's own key handler, whatever inside the dialog has the focus.
    const onKey = (e: KeyboardEvent) => {
      e.stopPropagation();
      if (e.key === 'Escape') {
        e.preventDefault();
        close.current();
      } else if (e.key === 'Tab' && box.current) trapTab(e, box.current);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  const file = url.split(/[?#]/)[0].split('/').pop() || 'result';
  return createPortal(
    // Portalled to <body>: inside the node it would be scaled with the canvas and its clicks would drag the node.
    <div className="pf-overlay pf-player-layer" onMouseDown={onClose} data-testid="player-layer">
      <div
        ref={box}
        className="pf-dialog pf-player"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="media-player"
        onMouseDown={(e) => e.stopPropagation()}
        onDoubleClick={(e) => e.stopPropagation()}
      >
        <header className="pf-player__head">
          <h3 id={titleId}>
            {facts.title}
            {facts.madeBy && <span className="pf-muted"> · made by {facts.madeBy}</span>}
          </h3>
          <button
            type="button"
            className="pf-btn pf-btn--icon"
            onClick={onClose}
            aria-label="Close player"
            data-autofocus
          >
            ✕
          </button>
        </header>
        <div className="pf-player__stage">
          {isVideoUrl(url) ? (
            // biome-ignore lint/a11y/useMediaCaption: generated clips have no speech to caption
            <video src={url} controls autoPlay loop playsInline data-testid="player-video" />
          ) : (
            <img src={url} alt={facts.prompt ?? facts.title} data-testid="player-image" />
          )}
        </div>
        <dl className="pf-player__facts">
          <dt>Prompt</dt>
          <dd data-testid="player-prompt">{facts.prompt ?? <span className="pf-muted">No prompt</span>}</dd>
          <dt>Seed</dt>
          <dd data-testid="player-seed">{facts.seed}</dd>
          <dt>Cost</dt>
          <dd data-testid="player-cost">{facts.cost}</dd>
          <dt>Engine</dt>
          <dd data-testid="player-engine">
            {facts.engine}
            {facts.endpoint && <code className="pf-player__endpoint">{facts.endpoint}</code>}
          </dd>
          <dt>fal request id</dt>
          <dd data-testid="player-request">
            {facts.requestId ? (
              <code>{facts.requestId}</code>
            ) : (
              <span className="pf-muted">None (nothing was sent)</span>
            )}
          </dd>
        </dl>
        <footer className="pf-row pf-row--end">
          <a className="pf-btn pf-btn--primary" href={url} download={file} data-testid="player-download">
            Download
          </a>
        </footer>
      </div>
    </div>,
    document.body,
  );
}

/** Tab and Shift+Tab cycle through the dialog's controls instead of leaving it. */
function trapTab(e: KeyboardEvent, root: HTMLElement) {
  const items = [...root.querySelectorAll<HTMLElement>('button, a[href], video[controls], [tabindex="0"]')];
  if (!items.length) return;
  const first = items[0];
  const last = items[items.length - 1];
  const at = document.activeElement;
  if (e.shiftKey && (at === first || !root.contains(at))) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (at === last || !root.contains(at))) {
    e.preventDefault();
    first.focus();
  }
}
