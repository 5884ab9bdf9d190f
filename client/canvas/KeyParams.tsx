import type { NodeDef } from '../../shared/define-node.ts';
import { isVideoUrl } from './media-urls.ts';

/** Params worth seeing without opening the inspector: text as a quote, short settings as chips, media as a thumbnail. */
export function KeyParams({ def, params }: { def: NodeDef; params: Record<string, unknown> }) {
  const shape = def.params.shape as Record<string, { meta?: () => Record<string, unknown> | undefined }>;
  const meta = (k: string) => shape[k]?.meta?.() ?? {};
  const texts: string[] = [];
  const chips: string[] = [];
  let media: string | undefined;
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === '' || k === 'negative_prompt' || k === 'transitions') continue;
    const m = meta(k);
    if (m.media && typeof v === 'string') media = v;
    else if (m.multiline && typeof v === 'string') texts.push(v);
    else if (m.seed) chips.push(`seed ${v}`);
    else if (typeof v === 'number' || (typeof v === 'string' && v.length <= 18))
      chips.push(chipText(String(m.title ?? k), v));
  }
  if (!texts.length && !chips.length && !media) return null;
  return (
    <div className="pf-node__params">
      {media && <Thumb url={media} />}
      {texts.slice(0, 1).map((t) => (
        <p key={t} className="pf-node__quote">
          “{t.length > 90 ? `${t.slice(0, 90)}…` : t}”
        </p>
      ))}
      {chips.length > 0 && (
        <div className="pf-chips">
          {chips.slice(0, 4).map((c) => (
            <span key={c} className="pf-chip">
              {c}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}

function chipText(title: string, v: unknown): string {
  const unit = /\(s\)/.test(title) ? 's' : '';
  return typeof v === 'number' && unit ? `${v}${unit}` : String(v);
}

/** A file as the browser can load it: a kept file's `/media/<sha256>.<ext>` reference is its address. */
export function Thumb({ url, video }: { url: string; video?: boolean }) {
  return (video ?? isVideoUrl(url)) ? (
    <video className="pf-media" src={url} muted loop autoPlay playsInline data-testid="node-video" />
  ) : (
    <img className="pf-media" src={url} alt="" data-testid="node-image" />
  );
}
