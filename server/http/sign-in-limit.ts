import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import ipaddr from 'ipaddr.js';

/**
 * Wrong tokens one client address may send per minute (sign-in form, `Authorization: Bearer` and `?token=` together)
 * before it is answered 429 for the rest of that minute.
 */
export const WRONG_PER_ADDRESS = 30;
/** Wrong tokens per minute across the whole server: a guess spread over many addresses is still slowed. */
export const WRONG_PER_SERVER = 10 * WRONG_PER_ADDRESS;

/** Ranges a reverse proxy of ours would connect from; only their X-Forwarded-For is believed. */
const PROXY_RANGES = new Set(['loopback', 'private', 'uniqueLocal']);

const MINUTE = 60_000;

/**
 * Who is signing in, for counting: the TCP peer. Behind a reverse proxy every teammate's peer is the proxy, and one
 * person's typos would lock the whole team out again; so when the peer is loopback or private (where such a proxy
 * lives, and where no stranger on the internet can connect from) the proxy's own entry, the LAST in
 * X-Forwarded-For, is used instead. Earlier entries are whatever the client sent and are never read. Someone already
 * on the host or the private network could still vary the header; the server-wide limit bounds them.
 */
export function clientAddress(c: Context): string {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    // `app.request()` in tests has no socket: such requests share one count.
  }
  if (!peer || !ipaddr.isValid(peer)) return peer ?? 'unknown';
  const addr = ipaddr.process(peer);
  if (!PROXY_RANGES.has(addr.range())) return addr.toString();
  const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
  return forwarded && ipaddr.isValid(forwarded) ? ipaddr.process(forwarded).toString() : addr.toString();
}

export interface WrongTokenLimit {
  /** Seconds until `address` may try again, with whose limit it hit; undefined when it may try now. */
  blocked(address: string): { seconds: number; everyone: boolean } | undefined;
  /** Counts one wrong token from `address`. */
  wrong(address: string): void;
}

/**
 * A fixed one-minute window, as before, but counted per address with a 10× server-wide backstop. The table is
 * emptied each minute and only wrong tokens add to it (never more than WRONG_PER_SERVER of them), so it stays small.
 */
export function wrongTokenLimit(
  o: { perAddress?: number; perServer?: number; now?: () => number } = {},
): WrongTokenLimit {
  const { perAddress = WRONG_PER_ADDRESS, perServer = WRONG_PER_SERVER, now = Date.now } = o;
  let minute = Number.NaN;
  let total = 0;
  const counts = new Map<string, number>();
  const roll = () => {
    const m = Math.floor(now() / MINUTE);
    if (m === minute) return;
    minute = m;
    total = 0;
    counts.clear();
  };
  return {
    blocked(address) {
      roll();
      const everyone = total >= perServer;
      if (!everyone && (counts.get(address) ?? 0) < perAddress) return undefined;
      return { seconds: Math.max(1, Math.ceil(((minute + 1) * MINUTE - now()) / 1000)), everyone };
    },
    wrong(address) {
      roll();
      counts.set(address, (counts.get(address) ?? 0) + 1);
      total++;
    },
  };
}

/**
 * The 429 for an address over the limit, in words: whose limit it hit and how long to wait (also as Retry-After).
 * Sent before any token is compared, so a blocked guesser learns nothing more, however right its next guess.
 */
export function tooManyWrongTokens(c: Context, blocked: { seconds: number; everyone: boolean }) {
  const from = blocked.everyone ? 'on this server' : 'from your address';
  const when = blocked.seconds === 1 ? '1 second' : `${blocked.seconds} seconds`;
  c.header('Retry-After', String(blocked.seconds));
  return c.json({ error: `Too many wrong tokens ${from} just now. Try again in ${when}` }, 429);
}
