import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WRONG_PER_ADDRESS, WRONG_PER_SERVER } from '../../server/http/sign-in-limit.ts';
import { harness, type Harness } from '../server/helpers.ts';
import { bearer, call, exhaust } from './from-address.ts';

/**
 * Wrong tokens sent to the API (`Authorization: Bearer`, `?token=`) count in the sign-in form's limit: per client
 * address, with a server-wide backstop. Over it, the API answers 429 before comparing the token. Real servers over
 * HTTP; loopback addresses stand for computers, a loopback proxy's X-Forwarded-For for many more.
 */
const ANA = 'ana-token-0123456789';
const sign = { accessTokens: [{ name: 'ana', token: ANA }] };
describe('wrong Bearer tokens on the API are limited per address', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ server: sign });
  });
  afterAll(async () => h?.close());

  it('an address guessing Bearer tokens is told to wait, even with the right one; another address keeps working', async () => {
    const { refused, res } = await exhaust(() => call(h, '127.0.0.2', '/api/graphs', bearer('ana-token-guess')));
    expect(refused).toBeGreaterThanOrEqual(WRONG_PER_ADDRESS);
    expect(res.error).toMatch(/^Too many wrong tokens from your address just now\. Try again in \d+ seconds?$/);
    expect(Number(res.retryAfter)).toBeGreaterThan(0);
    // Not even compared: the right token from the guessing address waits too, and so does its sign-in form.
    expect((await call(h, '127.0.0.2', '/api/graphs', bearer(ANA))).status).toBe(429);
    expect((await call(h, '127.0.0.2', '/api/session', { token: ANA })).status).toBe(429);
    // A teammate's script at another address is not held back, and a typo there is still just a typo.
    expect((await call(h, '127.0.0.1', '/api/graphs', bearer(ANA))).status).toBe(200);
    expect((await call(h, '127.0.0.1', '/api/graphs', bearer('a-typo-000'))).status).toBe(401);
  });

  it('?token= guesses count in the same limit, and so do the sign-in form and Bearer together', async () => {
    let i = 0;
    // Alternating the three ways in: each counts, so the address is stopped as early as with one of them.
    const ways = [
      () => call(h, '127.0.0.3', '/api/graphs?token=guess-by-query'),
      () => call(h, '127.0.0.3', '/api/graphs', bearer('guess-by-header')),
      () => call(h, '127.0.0.3', '/api/session', { token: 'guess-by-form' }),
    ];
    const { refused } = await exhaust(() => ways[i++ % 3]());
    expect(refused).toBeGreaterThanOrEqual(WRONG_PER_ADDRESS);
    expect((await call(h, '127.0.0.3', `/api/graphs?token=${ANA}`)).status).toBe(429);
    expect((await call(h, '127.0.0.4', `/api/graphs?token=${ANA}`)).status).toBe(200);
  });
});

describe('the server-wide backstop', () => {
  it('guesses spread over many addresses stop every Bearer token for the rest of the minute, saying so', async () => {
    const h = await harness({ server: sign });
    try {
      // Behind a loopback proxy each guess claims its own address (the proxy's X-Forwarded-For entry is believed).
      let n = 0;
      const from = () => ({ 'x-forwarded-for': `198.51.${Math.floor(n / 250)}.${n++ % 250}` });
      const { refused, res } = await exhaust(
        () => call(h, '127.0.0.5', '/api/graphs', { headers: { ...from(), authorization: 'Bearer guess-000' } }),
        WRONG_PER_SERVER,
      );
      expect(refused).toBeGreaterThanOrEqual(WRONG_PER_SERVER);
      expect(res.error).toMatch(/^Too many wrong tokens on this server just now\. Try again in \d+ seconds?$/);
      expect((await call(h, '127.0.0.6', '/api/graphs', bearer(ANA))).status).toBe(429);
    } finally {
      await h.close();
    }
  });
});
