import { useRef, useState } from 'react';
import { api, ApiError } from '../../api.ts';
import { Thumb } from '../../canvas/KeyParams.tsx';
import { mediaLabel } from '../../canvas/media-urls.ts';
import type { FieldProps } from './Field.tsx';

/** A file: upload one through the server (kept by content), or paste a link; shows what it points at. */
export function MediaField({ spec, value, onChange }: FieldProps) {
  const file = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const url = typeof value === 'string' ? value : '';
  // A kept or embedded file is named under its thumbnail; the box stays for pasting a link that replaces it.
  const named = url !== '' && mediaLabel(url) !== url;
  const keep = async (work: () => Promise<{ url: string }>) => {
    setBusy(true);
    setError('');
    try {
      onChange((await work()).url);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const upload = (f: File) => keep(() => api.upload(f));
  // A pasted link is fetched once and kept by content: the graph then holds the file, so the link may expire.
  const importLink = (link: string) => /^https?:\/\/\S+$/i.test(link.trim()) && void keep(() => api.importUrl(link.trim()));
  return (
    <div className="pf-media-field">
      {url && <Thumb url={url} video={spec.schema.media === 'video'} />}
      {named && <div className="pf-field__hint" title={url} data-testid={`kept-${spec.name}`}>{mediaLabel(url)}</div>}
      <div className="pf-row">
        <input className="pf-input" placeholder={named ? 'Paste a link to use another file' : 'https://…'} value={named ? '' : url}
          onChange={(e) => onChange(e.target.value)} data-testid={`input-${spec.name}`}
          onBlur={(e) => importLink(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && importLink(e.currentTarget.value)} />
        <button className="pf-btn" disabled={busy} onClick={() => file.current?.click()}>{busy ? 'Keeping…' : 'Upload'}</button>
      </div>
      <input ref={file} type="file" hidden accept={`${spec.schema.media ?? 'image'}/*`}
        onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])} />
      {error && <div className="pf-field__error">{error}</div>}
    </div>
  );
}
