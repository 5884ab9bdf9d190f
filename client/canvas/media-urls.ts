import { isMediaRef, refFile } from '../../shared/media-ref.ts';

/**
 * Files are named by content (`/media/<sha256>.<ext>`, shared/media-ref.ts): the browser loads such a reference as it
 * is, and so does every place that shows a param or an output. Older values (a pasted https URL, an embedded `data:`
 * file) are shown as they are too; the server keeps them by content before a run uses them.
 */

/** True when a param or output value is a file to show (not text). */
export function isMediaValue(value: unknown): value is string {
  return typeof value === 'string' && (isMediaRef(value) || /^(https?:|\/|blob:|data:)/i.test(value));
}

export function isVideoUrl(url: string): boolean {
  return /\.(mp4|webm|mov|m4v)(\?|$)/i.test(url) || url.includes('/video') || /^data:video\//i.test(url);
}

/** How a media field names its value: a kept file by a short name, not 64 hex digits. */
export function mediaLabel(value: string): string {
  if (value.startsWith('data:')) return '(embedded file)';
  const file = refFile(value);
  return file ? `Saved file · ${file.slice(0, 8)}…${file.slice(file.lastIndexOf('.'))}` : value;
}
