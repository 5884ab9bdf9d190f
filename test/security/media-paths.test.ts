import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { harness, type Harness } from '../server/helpers.ts';

/** /media serves kept files only: no encoding of `..`, slash or NUL reaches outside the media folder. */
let h: Harness;
beforeAll(async () => {
  h = await harness();
  // A secret beside the media folder, and the database: both must stay unreachable.
  await writeFile(join(h.dataDir, 'secret.txt'), 'TOP-SECRET-CONTENT');
});
afterAll(async () => h?.close());

const attempts = [
  '/media/..%2f..%2fetc/passwd',
  '/media/..%2f..%2f..%2f..%2fetc%2fpasswd',
  '/media/%2e%2e%2fsecret.txt',
  '/media/%2e%2e/secret.txt',
  '/media/..%5csecret.txt',
  '/media/%252e%252e%252fsecret.txt',
  '/media/....//secret.txt',
  '/media/..;/secret.txt',
  '/media/%2e%2e%2fpikaflow.db',
  '/media/..%2fpikaflow.db',
  '/media/runs/..%2f..%2f/secret.txt',
  '/media/runs/%2e%2e/%2e%2e%2fsecret.txt',
  '/media/secret.txt%00.png',
  '/media/%c0%ae%c0%ae%c0%afsecret.txt',
  '/media/..\\secret.txt',
  '/media//etc/passwd',
  '/media/runs/00000000-0000-0000-0000-000000000000/..%2f..%2f..%2fsecret.txt',
];

it.each(attempts)('%s stays inside the media folder', async (path) => {
  const res = await fetch(h.server.url + path);
  const body = Buffer.from(await res.arrayBuffer());
  expect(res.status, path).toBeGreaterThanOrEqual(400);
  expect(res.status, path).toBeLessThan(500);
  expect(body.toString('latin1')).not.toMatch(/TOP-SECRET|root:|SQLite format/);
});
