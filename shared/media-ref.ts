/**
 * A file is its content (design.md §3): every image or video a graph, a cache entry or a run output refers to is
 * named by the sha256 of its bytes, as the path it is served under: `/media/<sha256>.<ext>`. The browser can show it
 * as it is; the engine publishes it (fal storage, or the local engine's) at the moment a node consumes it.
 */
export const MEDIA_PREFIX = '/media/';

const REF = /^\/media\/([a-f0-9]{64})\.([a-z0-9]{2,5})$/;

/** The reference for a kept file named `<sha256>.<ext>`. */
export const mediaRef = (file: string) => `${MEDIA_PREFIX}${file}`;

/** True for `/media/<sha256>.<ext>`. */
export const isMediaRef = (value: unknown): value is string => typeof value === 'string' && REF.test(value);

/** `<sha256>.<ext>` of a reference, or undefined. */
export function refFile(value: string): string | undefined {
  return REF.test(value) ? value.slice(MEDIA_PREFIX.length) : undefined;
}

/** The sha256 of a reference, or undefined. */
export function refHash(value: string): string | undefined {
  return REF.exec(value)?.[1];
}

/** A URL someone else serves (pasted, or a legacy stored fal URL): kept by content before anything uses it. */
export const isRemoteUrl = (value: unknown): value is string =>
  typeof value === 'string' && /^https?:\/\//i.test(value);
