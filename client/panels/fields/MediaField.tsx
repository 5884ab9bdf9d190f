import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api.ts';
import { Thumb } from '../../canvas/KeyParams.tsx';
import { mediaLabel } from '../../canvas/media-urls.ts';
import { useEditorStore } from '../../store/context.tsx';
import type { FieldProps } from './Field.tsx';
import { linkErrorWords } from './link-words.ts';

const isLink = (s: string) => /^https?:\/\/\S+$/i.test(s);

/**
 * A file: upload one through the server (kept by content), or paste a link, which the server fetches once and keeps
 * (on blur or Enter). What is typed stays in the box until it is kept, so a link that cannot be used never replaces
 * the file the node already holds.
 */
export function MediaField({ nodeId, spec, value, onChange, id }: FieldProps) {
  const store = useEditorStore();
  const file = useRef<HTMLInputElement>(null);
  const busy = useRef(false);
  const mounted = useRef(true);
  const [keeping, setKeeping] = useState(false);
  const [error, setError] = useState('');
  const [typed, setTyped] = useState<string | null>(null);
  const [owner, setOwner] = useState(nodeId);
  useEffect(() => {
    mounted.current = true;
    return () => void (mounted.current = false);
  }, []);
  if (owner !== nodeId) {
    // Another node in the same inspector slot: what was typed for the previous one is not this one's.
    setOwner(nodeId);
    setTyped(null);
    setError('');
  }
  const url = typeof value === 'string' ? value : '';
  // A kept or embedded file is named under its thumbnail; the box stays for pasting a link that replaces it.
  const named = url !== '' && mediaLabel(url) !== url;
  const keep = async (work: () => Promise<{ url: string }>, wordsFor: (err: unknown) => string) => {
    busy.current = true;
    setKeeping(true);
    setError('');
    try {
      onChange((await work()).url);
      setTyped(null);
    } catch (err) {
      // The inspector may have closed meanwhile (a click on the canvas blurs the box): then say it as a toast.
      if (mounted.current) setError(wordsFor(err));
      else store.getState().toast('error', `${spec.schema.title ?? spec.name}: ${wordsFor(err)}`);
    } finally {
      busy.current = false;
      setKeeping(false);
    }
  };
  const upload = (f: File) =>
    keep(
      () => api.upload(f),
      (err) => (err instanceof ApiError ? err.message : String(err)),
    );
  const commit = () => {
    if (typed === null || busy.current) return;
    const link = typed.trim();
    if (link === url || (link === '' && named)) return setTyped(null);
    if (link === '') return (onChange(''), setTyped(null));
    if (!isLink(link)) return setError('Paste a link that starts with https://, or use Upload.');
    void keep(
      () => api.importUrl(link),
      (err) => linkErrorWords(link, err),
    );
  };
  return (
    <div className="pf-media-field">
      {url && <Thumb url={url} video={spec.schema.media === 'video'} />}
      {named && (
        <div className="pf-field__hint" title={url} data-testid={`kept-${spec.name}`}>
          {mediaLabel(url)}
        </div>
      )}
      <div className="pf-row">
        <input
          className="pf-input"
          id={id}
          placeholder={named ? 'Paste a link to use another file' : 'https://…'}
          value={typed ?? (named ? '' : url)}
          data-testid={`input-${spec.name}`}
          onChange={(e) => (setTyped(e.target.value), setError(''))}
          onBlur={commit}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
        />
        <button type="button" className="pf-btn" disabled={keeping} onClick={() => file.current?.click()}>
          {keeping ? 'Keeping…' : 'Upload'}
        </button>
      </div>
      <input
        ref={file}
        type="file"
        hidden
        accept={`${spec.schema.media ?? 'image'}/*`}
        onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])}
      />
      {error && (
        <div className="pf-field__error" data-testid={`link-error-${spec.name}`}>
          {error}
        </div>
      )}
    </div>
  );
}
