import { useRef, useState } from 'react';
import { api, ApiError } from '../../api.ts';
import { Thumb } from '../../canvas/KeyParams.tsx';
import { rememberMedia } from '../../canvas/media-urls.ts';
import type { FieldProps } from './Field.tsx';

/** A media URL: paste one, or upload a file through the server; shows what it points at. */
export function MediaField({ spec, value, onChange }: FieldProps) {
  const file = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const url = typeof value === 'string' ? value : '';
  const upload = async (f: File) => {
    setBusy(true);
    setError('');
    try {
      const up = await api.upload(f);
      rememberMedia(up.url, up.mediaUrl);
      onChange(up.url);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="pf-media-field">
      {url && <Thumb url={url} video={spec.schema.media === 'video'} />}
      <div className="pf-row">
        <input className="pf-input" placeholder="https://…" value={url.startsWith('data:') ? '(embedded file)' : url}
          onChange={(e) => onChange(e.target.value)} data-testid={`input-${spec.name}`} />
        <button className="pf-btn" disabled={busy} onClick={() => file.current?.click()}>{busy ? 'Uploading…' : 'Upload'}</button>
      </div>
      <input ref={file} type="file" hidden accept={`${spec.schema.media ?? 'image'}/*`}
        onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])} />
      {error && <div className="pf-field__error">{error}</div>}
    </div>
  );
}
