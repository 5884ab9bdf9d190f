import { request } from 'node:http';
import { expect } from 'vitest';
import { WRONG_PER_ADDRESS } from '../../server/http/sign-in-limit.ts';
import type { Harness } from '../server/helpers.ts';

/**
 * Requests from a chosen loopback address (one per computer in these tests), for the wrong-token limits shared by the
 * sign-in form and the API's Bearer and ?token= checks.
 */
export type Answer = { status: number; error?: string; retryAfter?: string };

/** One request from `localAddress`, as a script (or the editor's sign-in page, for POST /api/session) sends it. */
export function call(
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

export const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

/**
 * Wrong tokens until the server answers 429 with at least 2 s of the minute left, so the next few requests are
 * surely in the same minute (the count is per wall-clock minute: a minute turning over starts it again, and a 429
 * in the minute's last second is followed by more guesses until the new minute's count is spent). Returns how many
 * were refused with 401 before the last 429.
 */
export async function exhaust(send: () => Promise<Answer>, limit = WRONG_PER_ADDRESS) {
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
