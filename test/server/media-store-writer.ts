import { readFile } from 'node:fs/promises';
import { directoryMediaStore } from '../../server/media-store/directory-store.ts';

/**
 * A second process writing into a shared media folder (test/server/media-store.test.ts):
 * `node --import tsx media-store-writer.ts <mediaDir> <file> <ext>` streams the file's first half, prints `started`,
 * waits for a line on stdin, streams the rest and prints the kept file as JSON. The pause lets the test look at the
 * folder while several writers hold half-written files.
 */
const [dir, src, ext] = process.argv.slice(2);
const bytes = new Uint8Array(await readFile(src));
const half = bytes.length >> 1;
const go = new Promise((resolve) => process.stdin.once('data', resolve));

async function* body() {
  yield bytes.subarray(0, half);
  process.stdout.write('started\n');
  await go;
  yield bytes.subarray(half);
}

const kept = await directoryMediaStore(dir).put(body(), ext);
process.stdout.write(`${JSON.stringify(kept)}\n`);
process.stdin.destroy();
