import type { FalClient } from '@fal-ai/client';
import { readFile } from 'node:fs/promises';
import type { EngineKind } from '../../shared/events.ts';
import { refFile } from '../../shared/media-ref.ts';
import type { PublishedStore } from '../store/published-store.ts';
import type { MediaKeeper } from './media-keeper.ts';

/** One engine a run talks to: its fal client, and the key its published URLs are remembered under. */
export interface EngineTarget {
  kind: EngineKind;
  fal: FalClient;
  /** `fal`, or `local:<origin>` (a restarted local engine has another origin and none of the old files). */
  key: string;
  /** Loopback origins this target may still be handed (a test stand-in playing fal's hosts); none for real fal. */
  trustedOrigins?: string[];
}

const TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
};

/** Whether a published URL still serves the file: a 403/404/410 means it expired or its host forgot it. */
async function stillServed(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(15_000) });
    return res.ok || res.status === 405;
  } catch {
    return false;
  }
}

/**
 * Makes a kept file reachable for the engine that consumes it, at the moment of use (design.md §3): uploaded to that
 * engine's storage once per content, the URL reused while it still serves the file, uploaded again after it expired.
 * Concurrent consumers of the same file share one upload.
 */
export function publisher(media: MediaKeeper, published: PublishedStore) {
  const pending = new Map<string, Promise<string>>();

  async function upload(file: string, target: EngineTarget): Promise<string> {
    const bytes = await readFile(media.path(`/media/${file}`));
    const type = TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream';
    const url = await target.fal.storage.upload(new Blob([bytes], { type }));
    published.put(file, target.key, url);
    return url;
  }

  return {
    /** A file this target already serves (a fal result): reused as long as it serves it, so it is never re-uploaded. */
    remember(ref: string, target: EngineTarget, url: string) {
      const file = refFile(ref);
      if (file) published.put(file, target.key, url);
    },
    /** The URL `target` reads the referenced file from. */
    async publish(ref: string, target: EngineTarget): Promise<string> {
      const file = refFile(ref);
      if (!file) throw new Error(`not a kept file: ${ref}`);
      const key = `${target.key}\n${file}`;
      const running = pending.get(key);
      if (running) return running;
      const work = (async () => {
        const known = published.get(file, target.key);
        if (known && (await stillServed(known.url))) return known.url;
        return upload(file, target);
      })();
      pending.set(key, work);
      try {
        return await work;
      } finally {
        pending.delete(key);
      }
    },
  };
}

export type Publisher = ReturnType<typeof publisher>;
