import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from '../../client/api.ts';

/** The typed client's one wrapper: what the editor sees when the server says no, or cannot be reached at all. */
describe('client api (hc<AppType> + send)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('encodes ids into the path and turns a 4xx body into an ApiError with its problems', async () => {
    const fetch = vi.fn(async () =>
      Response.json({ error: 'No such graph', problems: [{ code: 'x', message: 'm' }] }, { status: 404 }),
    );
    vi.stubGlobal('fetch', fetch);
    const err = await api.getGraph('a b/c').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 404, message: 'No such graph', problems: [{ code: 'x', message: 'm' }] });
    expect(fetch.mock.calls[0]).toMatchObject(['/api/graphs/a%20b%2Fc', { method: 'GET' }]);
  });

  it('sends JSON bodies and answers the typed body', async () => {
    const fetch = vi.fn(async (_url: string, init: RequestInit) =>
      Response.json({ id: 'r1', echo: JSON.parse(String(init.body)) }, { status: 201 }),
    );
    vi.stubGlobal('fetch', fetch);
    await expect(api.startRun({ graphId: 'g' })).resolves.toEqual({ runId: 'r1' });
    expect(fetch.mock.calls[0]?.[1]).toMatchObject({ method: 'POST', body: '{"graphId":"g"}' });
  });

  it('says the server cannot be reached on a network failure, and lets an abort through untouched', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('fetch failed');
      }),
    );
    await expect(api.config()).rejects.toMatchObject({
      status: 0,
      message: expect.stringMatching(/cannot be reached/),
    });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new DOMException('aborted', 'AbortError');
      }),
    );
    await expect(api.config()).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('names the failed path when an error has no JSON body', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('', { status: 502 })),
    );
    await expect(api.listGraphs()).rejects.toMatchObject({ status: 502, message: 'The request failed (502)' });
  });
});
