import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WRONG_PER_ADDRESS, WRONG_PER_SERVER } from '../../server/http/sign-in-limit.ts';
import { harness, type Harness } from '../server/helpers.ts';

/**
 * Wrong tokens sent to the API (`Authorization: Bearer`, `?token=`) count in the sign-in form's limit: per client
 * address, with a server-wide backstop. Over it, the API answers 429 before comparing the token. Real servers over
 * HTTP; loopback addresses stand for computers, a loopback proxy's X-Forwarded-For for many more.
 */
const ANA = 'ana-token-0123456789';
const sign = { accessTokens: [{ name: 'ana', token: ANA }] };
type Answer = { status: number; error?: string; retryAfter?: string };

/** One request from `localAddress`, as a script (or the editor's sign-in page, for POST /api/session) sends it. */
function call(
  h: Harness,
  localAddress: string,
  path: string,
  o: { headers?: Record<string, string>; token?: string } = {},
): Promise<Answer> {
  const signIn = o.token !== undefined;
  const headers = signIn ? { origin: h.server.url, 'content-type': 'application/json', ...o.headers } : o.headers;
  return new Promise((ok, fail) => {
    const req = request(`${h.server.url}${path}`, { method: signIn ? 'POST' : 'GET', localAddress, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () =>
        ok({
          status: res.statusCode ?? 0,
          error: (JSON.parse(text) as { error?: string }).error,
          retryAfter: res.headers['retry-after'],
        }),
      );
    });
    req.on('error', fail);
    req.end(signIn ? JSON.stringify({ token: o.token }) : undefined);
  });
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

/**
 * Wrong tokens until the server answers 429 with at least 2 s of the minute left, so the next few requests are
 * surely in the same minute (the count is per wall-clock minute: a minute turning over starts it again, and a 429
 * in the minute's last second is followed by more guesses until the new minute's count is spent). Returns how many
 * were refused with 401 before the last 429.
 */
async function exhaust(send: () => Promise<Answer>, limit = WRONG_PER_ADDRESS) {
  let refused = 0;
  for (let sent = 0; sent < 20 * limit; sent++) {
    const res = await send();
    if (res.status === 429 && Number(res.retryAfter) >= 2) return { refused, res };
    if (res.status === 429) refused = 0;
    else {
      expect(res.status).toBe(401);
      refused++;
    }
  }
  throw new Error('wrong tokens were never limited');
}

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
