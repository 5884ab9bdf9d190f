import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { MediaKeeper } from '../engine/media-keeper.ts';
import { z } from 'zod';
import { sniffMedia } from '../http/sniff.ts';
import { jsonBody } from '../http/validate.ts';
import { FetchRefused } from '../net/safe-fetch.ts';

/**
 * Uploads go through the server (design.md §4: the browser never holds the fal key): checked by size and by content,
 * then kept by content in the media store (MEDIA_DIR). The answer is the file's reference (`/media/<sha256>.<ext>`), which the
 * graph keeps and the browser shows; it is published to fal (or the local engine) only when a node consumes it.
 */
export function uploadRoutes(media: MediaKeeper, maxBytes: number) {
  const tooBig = { error: `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB` };
  return new Hono()
    .post('/', bodyLimit({ maxSize: maxBytes + 64 * 1024, onError: (c) => c.json(tooBig, 413) }), async (c) => {
      const form = await c.req.parseBody().catch(() => undefined);
      const file = form?.file;
      if (!(file instanceof File))
        return c.json(
          {
            error: 'Send the file as multipart form field "file"',
            problems: [{ code: 'invalid-body', field: 'file', message: 'missing file' }],
          },
          400,
        );
      if (file.size > maxBytes) return c.json(tooBig, 413);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const sniffed = sniffMedia(bytes);
      if (!sniffed)
        return c.json(
          {
            error: 'Only images (PNG, JPEG, WebP, GIF) and videos (MP4, MOV, WebM) can be uploaded',
            problems: [{ code: 'invalid-body', field: 'file', message: 'not an image or a video' }],
          },
          415,
        );
      const ref = await media.keepBytes(bytes, sniffed.type);
      return c.json({ url: ref, kind: sniffed.kind, mediaUrl: ref }, 201);
    })
    .post(
      '/url',
      jsonBody(z.object({ url: z.url().refine((u) => /^https?:/i.test(u), 'only http(s) URLs') })),
      async (c) => {
        // A pasted URL is fetched once and kept by content; the graph then holds the reference, the URL is provenance.
        const { url } = c.req.valid('json');
        let ref: string;
        try {
          ref = await media.keep(url);
        } catch (err) {
          const status = err instanceof FetchRefused ? (err.status === 413 ? 413 : 422) : 422;
          const host = new URL(url).host;
          return c.json(
            {
              error: `Could not get the file from ${host}: ${(err as Error).message}`,
              problems: [{ code: 'invalid-body', field: 'url', message: (err as Error).message }],
            },
            status,
          );
        }
        // The first bytes say what it is (a ranged read: the file may be large, or in object storage).
        const sniffed = sniffMedia(await media.read(ref, { start: 0, end: 63 }));
        if (!sniffed)
          return c.json(
            {
              error: 'That URL is not an image (PNG, JPEG, WebP, GIF) or a video (MP4, MOV, WebM)',
              problems: [{ code: 'invalid-body', field: 'url', message: 'not an image or a video' }],
            },
            415,
          );
        return c.json({ url: ref, kind: sniffed.kind, mediaUrl: ref, source: url }, 201);
      },
    );
}
