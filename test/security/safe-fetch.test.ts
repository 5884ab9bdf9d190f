import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBlockedAddress } from '../../server/net/address-policy.ts';
import { FetchRefused, safeFetch } from '../../server/net/safe-fetch.ts';

describe('address policy', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:10.0.0.1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a00:1',
    '0:0:0:0:0:0:0:1',
    '0:0:0:0:0:ffff:7f00:1',
    '::7f00:1',
    'FE80::1',
    '2002:7f00:1::',
    'not-an-ip',
  ])('refuses %s', (ip) => expect(isBlockedAddress(ip)).toBe(true));
  it.each(['8.8.8.8', '172.32.0.1', '151.101.1.1', '2606:4700::1111'])('allows public %s', (ip) =>
    expect(isBlockedAddress(ip)).toBe(false),
  );
});

describe('safeFetch against real loopback servers', () => {
  let trusted: Server;
  let other: Server;
  let trustedUrl = '';
  let otherUrl = '';
  const listen = (s: Server) =>
    new Promise<string>((r) =>
      s.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)),
    );

  beforeAll(async () => {
    other = createServer((_req, res) => res.end('secret'));
    otherUrl = await listen(other);
    trusted = createServer((req, res) => {
      if (req.url === '/redirect-private') res.writeHead(302, { location: `${otherUrl}/` }).end();
      else if (req.url === '/big') res.end(Buffer.alloc(2048));
      else res.writeHead(200, { 'content-type': 'image/png' }).end('png-bytes');
    });
    trustedUrl = await listen(trusted);
  });
  afterAll(() => {
    trusted.close();
    other.close();
  });

  const refused = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FetchRefused);
    return err as FetchRefused;
  };

  it('fetches from an allowed origin (the local engine)', async () => {
    const res = await safeFetch(`${trustedUrl}/a.png`, { maxBytes: 1000, allowOrigins: [trustedUrl] });
    expect(res.body.toString()).toBe('png-bytes');
    expect(res.contentType).toBe('image/png');
  });

  it('refuses loopback by IP and by name', async () => {
    expect((await refused(safeFetch(`${otherUrl}/`, { maxBytes: 1000 }))).message).toMatch(/private or local/);
    const port = new URL(otherUrl).port;
    expect((await refused(safeFetch(`http://localhost:${port}/`, { maxBytes: 1000 }))).message).toMatch(
      /private or local/,
    );
    await refused(safeFetch(`http://[::1]:${port}/`, { maxBytes: 1000 }));
  });

  it('follows no redirect into a private address', async () => {
    await refused(safeFetch(`${trustedUrl}/redirect-private`, { maxBytes: 1000, allowOrigins: [trustedUrl] }));
  });

  it('caps the size and refuses other schemes', async () => {
    expect((await refused(safeFetch(`${trustedUrl}/big`, { maxBytes: 1000, allowOrigins: [trustedUrl] }))).status).toBe(
      413,
    );
    await refused(safeFetch('file:///etc/passwd', { maxBytes: 1000 }));
    await refused(safeFetch('not a url', { maxBytes: 1000 }));
  });
});
