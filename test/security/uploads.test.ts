import { afterAll, beforeAll, expect, it } from 'vitest';
import { harness, type Harness } from '../server/helpers.ts';

/** Uploads are judged by their bytes, never by their name, and capped in size. */
let h: Harness;
beforeAll(async () => {
  h = await harness({ server: { uploadMaxBytes: 32 * 1024 } });
});
afterAll(async () => h?.close());

const PNG = new Uint8Array([
  0x89,
  0x50,
  0x4e,
  0x47,
  0x0d,
  0x0a,
  0x1a,
  0x0a,
  0,
  0,
  0,
  13,
  0x49,
  0x48,
  0x44,
  0x52,
  ...new Uint8Array(40),
]);
async function upload(bytes: Uint8Array<ArrayBuffer> | string, name: string, type = '') {
  const form = new FormData();
  form.set('file', new Blob([bytes], { type }), name);
  const res = await fetch(`${h.server.url}/api/uploads`, { method: 'POST', body: form });
  return { status: res.status, body: (await res.json()) as { kind?: string; error?: string; mediaUrl?: string } };
}

it('a PNG named .mp4 (and declared video/mp4) is accepted as an image', async () => {
  const res = await upload(PNG, 'holiday.mp4', 'video/mp4');
  expect(res.status).toBe(201);
  expect(res.body.kind).toBe('image');
  expect(res.body.mediaUrl).toMatch(/\.png$/);
});

it('text, HTML and SVG named .png are refused with 415, whatever their declared type', async () => {
  const cases: [string, string][] = [
    ['hello, not an image', 'a.png'],
    ['<html><script>alert(1)</script></html>', 'b.png'],
    ['<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'c.png'],
    ['GIF but not really', 'd.gif'],
  ];
  for (const [text, name] of cases) {
    const res = await upload(text, name, 'image/png');
    expect(res.status, name).toBe(415);
    expect(res.body.error).toMatch(/images|videos/);
  }
});

it('a file over the cap is refused with 413 and nothing is kept', async () => {
  const big = new Uint8Array(64 * 1024);
  big.set(PNG);
  const res = await upload(big, 'big.png', 'image/png');
  expect(res.status).toBe(413);
  expect(res.body.error).toMatch(/larger than/);
});
