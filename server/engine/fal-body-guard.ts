import { isIP } from 'node:net';
import { isBlockedAddress } from '../net/address-policy.ts';
import { NodeFailure } from './errors.ts';

/**
 * Real fal must never be handed a loopback or private address (it cannot fetch it, and it leaks our network layout):
 * every file reaches fal through fal storage. A body that still holds such a URL is a bug, refused before the submit.
 */
export function refuseLocalAddresses(body: unknown, trusted: string[] = [], path = 'body'): void {
  if (typeof body === 'string') {
    if (!/^https?:\/\//i.test(body)) return;
    let host: string;
    try {
      const url = new URL(body);
      if (trusted.includes(url.origin)) return;
      host = url.hostname.replace(/^\[|\]$/g, '');
    } catch {
      return;
    }
    if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isBlockedAddress(host)))
      throw new NodeFailure(
        'internal',
        `${path} points at a local address (${host}); fal cannot read it and it was not sent`,
      );
    return;
  }
  if (Array.isArray(body)) for (const [i, v] of body.entries()) refuseLocalAddresses(v, trusted, `${path}[${i}]`);
  else if (body && typeof body === 'object')
    for (const [k, v] of Object.entries(body)) refuseLocalAddresses(v, trusted, `${path}.${k}`);
}
