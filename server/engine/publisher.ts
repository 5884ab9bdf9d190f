import type { FalClient } from '@fal-ai/client';
import type { EngineKind } from '../../shared/events.ts';
import { mediaRef, refFile } from '../../shared/media-ref.ts';
import { typeOfExt } from '../media-store/media-store.ts';
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

/** How long a run trusts a result URL fal handed it without checking it (fal keeps results far longer). */
const HANDED_TRUST_MS = 10 * 60_000;
/** Bound on remembered handed URLs (the oldest are forgotten first; forgetting only costs a HEAD check). */
const HANDED_MAX = 10_000;

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
  /**
   * Result URLs fal handed a run, by run: that run's downstream nodes use them without a HEAD check (fal served the
   * file moments ago; the check cost a round trip per chained node). Another run, or after a while, checks again.
   */
  const handed = new Map<string, { url: string; at: number }>();

  async function upload(file: string, target: EngineTarget): Promise<string> {
    const bytes = await media.read(mediaRef(file));
    const type = typeOfExt(file.split('.').pop() ?? '');
    const url = await target.fal.storage.upload(new Blob([bytes], { type }));
    published.put(file, target.key, url);
    return url;
  }

  return {
    /** A file this target already serves (a fal result): reused as long as it serves it, so it is never re-uploaded. */
    remember(ref: string, target: EngineTarget, url: string, runId?: string) {
      const file = refFile(ref);
      if (!file) return;
      published.put(file, target.key, url);
      if (!runId) return;
      if (handed.size >= HANDED_MAX) handed.delete(handed.keys().next().value!);
      handed.set(`${runId}\n${target.key}\n${file}`, { url, at: Date.now() });
    },
    /** The URL `target` reads the referenced file from (`runId`: the run consuming it, see `handed`). */
    async publish(ref: string, target: EngineTarget, runId?: string): Promise<string> {
      const file = refFile(ref);
      if (!file) throw new Error(`not a kept file: ${ref}`);
      const key = `${target.key}\n${file}`;
      const fresh = runId ? handed.get(`${runId}\n${key}`) : undefined;
      if (fresh && Date.now() - fresh.at < HANDED_TRUST_MS) return fresh.url;
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
