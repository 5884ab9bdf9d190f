import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WRONG_PER_ADDRESS, wrongTokenLimit } from '../../server/http/sign-in-limit.ts';
import { harness, type Harness } from '../server/helpers.ts';
import { call, exhaust } from './from-address.ts';

/**
 * Wrong tokens are limited per client address: one person's typos (or one stranger's guesses) must not lock a
 * teammate at another address out of signing in. Two loopback addresses stand for two computers.
 */
const ANA = 'ana-token-0123456789';
let h: Harness;

beforeAll(async () => {
  h = await harness({ server: { accessTokens: [{ name: 'ana', token: ANA }] } });
});
afterAll(async () => h?.close());

/** POST /api/session from `localAddress`, as the editor's sign-in page does (its Origin, a JSON body). */
const signIn = (localAddress: string, token: string, headers: Record<string, string> = {}) =>
  call(h, localAddress, '/api/session', { token, headers });

describe('sign-in limit per client address', () => {
  it('one address that keeps sending wrong tokens is told to wait; a teammate at another address still signs in', async () => {
    const { refused, res } = await exhaust(() => signIn('127.0.0.2', 'ana-token-guess'));
    expect(refused).toBeGreaterThanOrEqual(WRONG_PER_ADDRESS);
    expect(res.error).toMatch(/^Too many wrong tokens from your address just now\. Try again in \d+ seconds?$/);
    expect(Number(res.retryAfter)).toBeGreaterThan(0);

    const teammate = await signIn('127.0.0.1', ANA);
    expect(teammate.status).toBe(200);
    expect((await signIn('127.0.0.1', 'a typo')).status).toBe(401); // a typo there is still just a typo
  });

  it('behind a proxy on loopback, the address the proxy forwarded for is counted, not what the client claimed', async () => {
    // The proxy appends the peer it saw; the earlier entry is the client's own claim and must not give fresh counts.
    const viaProxy = (claimed: string, real: string) => ({ 'x-forwarded-for': `${claimed}, ${real}` });
    let n = 0;
    const { refused } = await exhaust(() =>
      signIn('127.0.0.3', 'wrong', viaProxy(`198.51.100.${n++ % 250}`, '203.0.113.7')),
    );
    expect(refused).toBeGreaterThanOrEqual(WRONG_PER_ADDRESS);
    expect((await signIn('127.0.0.3', ANA, viaProxy('203.0.113.7', '203.0.113.8'))).status).toBe(200);
  });
});

describe('the limit over a minute (an injected clock)', () => {
  it('per address, with a server-wide backstop of ten times that, both lifted when the minute turns', () => {
    let now = 5 * 60_000 + 15_000; // 15 s into a minute
    const limit = wrongTokenLimit({ perAddress: 3, perServer: 30, now: () => now });
    for (let i = 0; i < 3; i++) limit.wrong('a');
    expect(limit.blocked('a')).toEqual({ seconds: 45, everyone: false });
    expect(limit.blocked('b')).toBeUndefined();
    // Twenty-seven more addresses with a wrong token each fill the backstop: every address waits now.
    for (let i = 0; i < 27; i++) limit.wrong(`x${i}`);
    expect(limit.blocked('b')).toEqual({ seconds: 45, everyone: true });
    now += 44_500;
    expect(limit.blocked('a')?.seconds).toBe(1);
    now += 500; // the next minute
    expect(limit.blocked('a')).toBeUndefined();
    expect(limit.blocked('b')).toBeUndefined();
  });
});
