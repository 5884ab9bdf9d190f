import { useCallback, useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { create } from 'zustand';
import { isVideoUrl } from './media-urls.ts';
import './compare.css';
import './takes.css';

/** One result to compare: its file, what to call it, and (for a take) how to make it the one that feeds on. */
export interface CompareItem {
  url: string;
  label: string;
  pick?: () => void;
}

const useCompare = create<{ open: { items: CompareItem[]; title: string } | null }>()(() => ({ open: null }));

/** Opens the compare view over the editor. */
export function openCompare(items: CompareItem[], title: string) {
  useCompare.setState({ open: { items, title } });
}

const close = () => useCompare.setState({ open: null });

/** Where the compare view appears (mounted once, beside the canvas). */
export function CompareHost() {
  const open = useCompare((s) => s.open);
  return open ? createPortal(<CompareView {...open} />, document.body) : null;
}

/**
 * Results side by side, playing as one: one play/pause and one scrub bar drive every video, and the followers are
 * pulled back onto the first one's clock whenever they drift (videos decode at their own pace).
 */
function CompareView({ items, title }: { items: CompareItem[]; title: string }) {
  const videos = useRef<(HTMLVideoElement | null)[]>([]);
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState(0);
  const [length, setLength] = useState(0);
  const playingRef = useRef(playing);
  playingRef.current = playing;
  const seek = useCallback((t: number) => {
    for (const v of videos.current) if (v) v.currentTime = Math.min(t, v.duration || t);
    setTime(t);
  }, []);
  const play = useCallback((on: boolean) => {
    for (const v of videos.current) if (v) on ? void v.play().catch(() => {}) : v.pause();
    setPlaying(on);
  }, []);
  // While playing, the first video is the clock: the others follow it, and all start over together at its end.
  useEffect(() => {
    if (!playing) return;
    let frame = requestAnimationFrame(function follow() {
      const [lead, ...rest] = videos.current.filter((v): v is HTMLVideoElement => !!v);
      if (lead) {
        setTime(lead.currentTime);
        for (const v of rest)
          if (Math.abs(v.currentTime - lead.currentTime) > 0.08 && lead.currentTime < v.duration)
            v.currentTime = lead.currentTime;
        if (lead.ended) seek(0), play(true);
      }
      frame = requestAnimationFrame(follow);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing, seek, play]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
      else if (e.key === ' ' && !(e.target instanceof HTMLInputElement && e.target.type !== 'range')) {
        e.preventDefault();
        play(!playingRef.current);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [play]);
  const anyVideo = items.some((i) => isVideoUrl(i.url));
  return (
    <div className="pf-compare__backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className="pf-compare" role="dialog" aria-modal="true" aria-label={title} data-testid="compare">
        <header className="pf-compare__head">
          <h2>{title}</h2>
          <button type="button" className="pf-btn pf-btn--icon" aria-label="Close compare" onClick={close}>
            ×
          </button>
        </header>
        <div className="pf-compare__grid" style={{ '--cols': Math.min(items.length, 4) } as React.CSSProperties}>
          {items.map((item, i) => (
            <figure key={item.url + item.label} className="pf-compare__cell">
              {isVideoUrl(item.url) ? (
                <video
                  ref={(el) => {
                    videos.current[i] = el;
                  }}
                  src={item.url}
                  muted
                  playsInline
                  preload="auto"
                  data-testid="compare-video"
                  onLoadedMetadata={(e) => {
                    const d = e.currentTarget.duration || 0;
                    setLength((l) => Math.max(l, d));
                  }}
                />
              ) : (
                <img src={item.url} alt={item.label} />
              )}
              <figcaption>
                <span>{item.label}</span>
                {item.pick && (
                  <button type="button" className="pf-textbtn" onClick={() => (item.pick?.(), close())}>
                    Use this take
                  </button>
                )}
              </figcaption>
            </figure>
          ))}
        </div>
        {anyVideo && (
          <div className="pf-compare__controls">
            <button
              type="button"
              className="pf-btn"
              data-testid="compare-play"
              aria-label={playing ? 'Pause all' : 'Play all'}
              onClick={() => play(!playing)}
            >
              {playing ? '❚❚ Pause' : '▶ Play'}
            </button>
            <input
              type="range"
              min={0}
              max={length || 1}
              step={0.01}
              value={Math.min(time, length || 1)}
              aria-label="Position in all videos"
              data-testid="compare-scrub"
              onChange={(e) => seek(Number(e.target.value))}
            />
            <span className="pf-compare__time">
              {time.toFixed(1)} / {length.toFixed(1)} s
            </span>
          </div>
        )}
      </div>
    </div>
  );
}
