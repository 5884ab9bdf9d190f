import { createFalClient, type FalClient } from '@fal-ai/client';
import { guardedFetch } from './submit-guard.ts';

/**
 * A fal client for one engine: with `falKey` (and no proxy) it talks to fal.ai; with `localProxyUrl` every call (queue
 * and storage initiate) goes to a local fal engine through the client's own proxy option (fal-protocol.md §3) and
 * never carries the key, so the executor never knows which.
 */
export function serverFalClient(o: { falKey?: string; localProxyUrl?: string; standInUrl?: string }): FalClient {
  // Every client guards its submits: only pikaflow decides when a job may be sent again (submit-guard.ts).
  if (o.falKey && o.standInUrl)
    return createFalClient({
      credentials: o.falKey,
      proxyUrl: { url: localProxyUrl(o.standInUrl), when: 'always' },
      fetch: guardedFetch(),
    });
  if (o.falKey && !o.localProxyUrl) return createFalClient({ credentials: o.falKey, fetch: guardedFetch() });
  if (!o.localProxyUrl) throw new Error('No FAL_KEY and no local fal engine: nothing to run against');
  // Explicit dummy credentials: the client must never pick up a key from the environment for local previews.
  return createFalClient({
    credentials: 'local:preview',
    proxyUrl: { url: o.localProxyUrl, when: 'always' },
    fetch: guardedFetch(),
  });
}

/** The proxy route of a local fal engine reachable at `baseUrl`. */
export const localProxyUrl = (baseUrl: string) => `${baseUrl.replace(/\/$/, '')}/api/fal/proxy`;
