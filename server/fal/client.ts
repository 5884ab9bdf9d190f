import { createFalClient, type FalClient } from '@fal-ai/client';

/**
 * The server's one fal client. With a key it talks to fal; otherwise every call (queue and storage initiate) goes to
 * a local fal engine through the client's own proxy option (fal-protocol.md §3), so the executor never knows which.
 */
export function serverFalClient(o: { falKey?: string; localProxyUrl?: string }): FalClient {
  if (o.falKey) return createFalClient({ credentials: o.falKey });
  if (!o.localProxyUrl) throw new Error('No FAL_KEY and no local fal engine: nothing to run against');
  // Explicit dummy credentials: the client must never pick up a key from the environment for local previews.
  return createFalClient({ credentials: 'local:preview', proxyUrl: { url: o.localProxyUrl, when: 'always' } });
}

/** The proxy route of a local fal engine reachable at `baseUrl`. */
export const localProxyUrl = (baseUrl: string) => `${baseUrl.replace(/\/$/, '')}/api/fal/proxy`;
