/** The local fal engine started in-process when there is no FAL_KEY (design.md §5). */
export interface EmbeddedLocalFal {
  url: string;
  proxyUrl: string;
  close(): Promise<void>;
}

/**
 * Loaded lazily: the engine (and its ffmpeg renderers) is only needed for local previews, never with a real key.
 */
export async function startEmbeddedLocalFal(options: { speed?: number } = {}): Promise<EmbeddedLocalFal> {
  const path = '../local-fal/index.ts';
  const mod = (await import(path)) as { startLocalFal(o: { speed?: number }): Promise<EmbeddedLocalFal> };
  return mod.startLocalFal(options.speed ? { speed: options.speed } : {});
}
