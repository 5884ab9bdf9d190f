import { startLocalFal, type LocalFalEngine } from '../local-fal/index.ts';

/** The local fal engine started in-process when there is no FAL_KEY (design.md §5). */
export type EmbeddedLocalFal = LocalFalEngine;

export function startEmbeddedLocalFal(options: { speed?: number } = {}): Promise<EmbeddedLocalFal> {
  return startLocalFal(options.speed ? { speed: options.speed } : {});
}
