import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { LocalFalEnv } from './server.ts';

const MAX_JSON_BYTES = 10 * 1024 * 1024;

/** Caps JSON bodies (submit, initiate, complete) before they are read; uploads have their own, larger cap. */
export const jsonLimit = bodyLimit({
  maxSize: MAX_JSON_BYTES,
  onError: (c) => c.json({ detail: `body larger than ${MAX_JSON_BYTES} bytes` }, 413),
});

/**
 * Reads a JSON body whatever its content type (fal's client sends application/json, curl and tests often do not);
 * empty → undefined. Malformed JSON is the caller's 422 in FastAPI's shape, as fal answers it.
 */
export async function readJson(c: Context<LocalFalEnv>): Promise<unknown> {
  const text = (await c.req.text()).trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    const res = c.json({ detail: [{ loc: ['body'], msg: 'Invalid JSON body', type: 'json_invalid' }] }, 422);
    throw new HTTPException(422, { res });
  }
}
