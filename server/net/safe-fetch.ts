import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isBlockedAddress } from './address-policy.ts';

/** Why a fetch of a user-given URL was refused; `status` is the HTTP status to answer with. */
export class FetchRefused extends Error {
  /** `transient`: the host answered 5xx/429, timed out or dropped the connection; trying again may work. */
  constructor(
    message: string,
    readonly status = 400,
    readonly transient = false,
  ) {
    super(message);
  }
}

export interface SafeFetchOptions {
  maxBytes: number;
  timeoutMs?: number;
  /** Origins allowed even though they are private (the local fal engine this server started). */
  allowOrigins?: string[];
  maxRedirects?: number;
}

/**
 * Checks every address at connect time (not just before), so a DNS answer that changes between check and connect
 * (rebinding) cannot sneak a private address through.
 */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 0);
    const list = addresses as unknown as LookupAddress[];
    const bad = list.find((a) => isBlockedAddress(a.address));
    if (bad)
      return callback(new FetchRefused(`${hostname} resolves to a private or local address (${bad.address})`), '', 0);
    if ((options as { all?: boolean }).all)
      return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
    callback(null, list[0].address, list[0].family);
  });
};

/** GETs a user-given http(s) URL: public addresses only (plus `allowOrigins`), capped size, timeout, checked redirects. */
export async function safeFetch(
  url: string,
  opts: SafeFetchOptions,
): Promise<{ body: Buffer; contentType: string; url: string }> {
  let current = url;
  for (let hop = 0; hop <= (opts.maxRedirects ?? 3); hop++) {
    const res = await getOnce(current, opts);
    if (!('redirect' in res)) return { ...res, url: current };
    current = new URL(res.redirect, current).toString();
  }
  throw new FetchRefused(`too many redirects fetching ${url}`);
}

/** Parses and checks a user-given URL before any connection: scheme, and IP literals (which skip `lookup`). */
function checkTarget(raw: string, opts: { allowOrigins?: string[] }) {
  let target: URL;
  try {
    target = new URL(raw);
  } catch {
    throw new FetchRefused(`not a URL: ${raw.slice(0, 100)}`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    throw new FetchRefused(`only http(s) URLs can be fetched, not ${target.protocol}`);
  const trusted = (opts.allowOrigins ?? []).includes(target.origin);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (!trusted && isIP(host) && isBlockedAddress(host))
    throw new FetchRefused(`${target.host} is a private or local address`);
  return { target, lookup: trusted ? undefined : guardedLookup, client: target.protocol === 'https:' ? https : http };
}

/**
 * POSTs JSON to a user-given URL (run webhooks) under the same rules as `safeFetch`, following no redirect.
 * Resolves with the HTTP status.
 */
export async function safePostJson(
  url: string,
  body: unknown,
  opts: { timeoutMs?: number; allowOrigins?: string[] } = {},
): Promise<number> {
  const { target, lookup, client } = checkTarget(url, opts);
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: 'POST',
        lookup,
        timeout: opts.timeoutMs ?? 15_000,
        headers: { 'content-type': 'application/json', 'content-length': payload.length },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('timeout', () => req.destroy(new FetchRefused(`timed out posting to ${target.host}`, 504)));
    req.on('error', (err) =>
      reject(err instanceof FetchRefused ? err : new FetchRefused(`cannot reach ${target.host}: ${err.message}`, 422)),
    );
    req.end(payload);
  });
}

async function getOnce(
  raw: string,
  opts: SafeFetchOptions,
): Promise<{ body: Buffer; contentType: string } | { redirect: string }> {
  const { target, lookup, client } = checkTarget(raw, opts);
  return new Promise((resolve, reject) => {
    const req = client.get(target, { lookup, timeout: opts.timeoutMs ?? 15_000 }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        return resolve({ redirect: res.headers.location });
      }
      if (status !== 200) {
        res.resume();
        return reject(
          new FetchRefused(
            `${target.host} answered HTTP ${status} for ${target.pathname}`,
            422,
            status >= 500 || status === 429,
          ),
        );
      }
      const declared = Number(res.headers['content-length'] ?? 0);
      if (declared > opts.maxBytes) {
        res.destroy();
        return reject(new FetchRefused(`${target.pathname} is ${declared} bytes; the limit is ${opts.maxBytes}`, 413));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > opts.maxBytes) {
          res.destroy();
          reject(new FetchRefused(`${target.pathname} is over the ${opts.maxBytes}-byte limit`, 413));
        } else chunks.push(chunk);
      });
      res.on('end', () =>
        resolve({ body: Buffer.concat(chunks), contentType: String(res.headers['content-type'] ?? '') }),
      );
      res.on('error', (err) =>
        reject(new FetchRefused(`the download from ${target.host} broke off: ${err.message}`, 502, true)),
      );
    });
    req.on('timeout', () => req.destroy(new FetchRefused(`timed out fetching ${target.host}`, 504, true)));
    req.on('error', (err) =>
      reject(
        err instanceof FetchRefused ? err : new FetchRefused(`cannot fetch ${target.host}: ${err.message}`, 422, true),
      ),
    );
  });
}
