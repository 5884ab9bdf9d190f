import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadEnv } from '../../server/env.ts';
import { startLocalFal, type LocalFalEngine } from '../../server/local-fal/index.ts';
import { optionsFromEnv } from '../../server/start-server.ts';
import { startEmbeddedPostgres, type EmbeddedPg } from '../../server/store/pg/embedded-postgres.ts';
import { startWorker } from '../../server/team/worker.ts';
import { tmpDir } from '../server/helpers.ts';
import { ARTIFACTS, buildPromptToVideo, type EditorHarness, onPage, openEditor, signIn } from './browser.ts';

/**
 * A designer on a team server: HOST off loopback (so signed in), the store on Postgres, runs executed by a worker
 * process's engine (here started in the test process, sharing the database, the media folder and the local engine).
 */
const ANA = 'ana-team-token-0042';
let h: EditorHarness;
let pg: EmbeddedPg;
let fal: LocalFalEngine;
let dir: string;
let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
/** The team's database: the API's and the worker's. */
let teamDb: string;
// Its own set-up, not editorForTests: the server needs the database up first, and closes before it and the worker.
const { byTestId, shot } = onPage(() => h.page);
const states = () => h.page.locator('.pf-node').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  pg = await startEmbeddedPostgres();
  fal = await startLocalFal({ speed: 20, fps: 8 });
  dir = await tmpDir('pikaflow-team-e2e-');
  const env = loadEnv({
    HOST: '0.0.0.0',
    ACCESS_TOKENS: `ana:${ANA},ben:ben-team-token-0077`,
    DATABASE_URL: (teamDb = await pg.createDatabase('team_editor')),
    MEDIA_DIR: join(dir, 'media'),
    LOCAL_FAL_URL: fal.url,
  });
  const { accessToken, accessTokens, sessionDays, databaseUrl, mediaDir, localFalUrl } = optionsFromEnv(env);
  // Bound to loopback all the same: the test opens no port to the network, and the browser meets the same server.
  h = await openEditor({ accessToken, accessTokens, sessionDays, databaseUrl, mediaDir, localFalUrl });
}, 300_000);
afterAll(async () => {
  await worker?.close();
  await h?.close();
  await fal?.close();
  await pg?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('signed in, a designer builds a graph; its run waits for a worker, says so, and plays once a worker takes it', async () => {
  const page = h.page;
  await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
  await signIn(page, ANA);
  await byTestId('empty-canvas').waitFor();

  const { out } = await buildPromptToVideo(page, 'a harbour at dawn, run by the team');
  // Saved, so its runs are listed under it (a run of an unsaved graph belongs to no template).
  await page.keyboard.press('Control+s');
  await byTestId('save-name').fill('Harbour');
  await byTestId('save-confirm').click();
  await expect.poll(() => byTestId('save-state').textContent()).toBe('Saved · v1');

  // No worker yet: the run is queued, and the run bar says what it waits for instead of a silent spinner.
  await byTestId('run').click();
  await expect.poll(() => byTestId('run-progress').textContent()).toBe(' Waiting for a worker');
  expect(await byTestId('run-progress').getAttribute('title')).toContain('npm run worker');
  await shot('team-01-waiting-for-a-worker');

  worker = await startWorker({
    dataDir: join(dir, 'worker'),
    databaseUrl: teamDb,
    mediaDir: join(dir, 'media'),
    localFalUrl: fal.url,
    pollIntervalMs: 40,
    concurrency: 6,
    workerConcurrency: 2,
  });
  await expect.poll(states, { interval: 250 }).toEqual(['done', 'done', 'done']);
  const video = page.locator(`[data-testid="node-${out}"] video`);
  await video.waitFor();
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState >= 2 && v.videoWidth > 0)).toBe(true);
  expect(worker.engine.counters.submitted).toBe(1);
  expect(h.server.engine.counters.submitted).toBe(0);
  await byTestId('tab-runs').click();
  await expect.poll(() => byTestId('history-by').first().textContent()).toBe(' · by ana');
  await shot('team-02-ran-on-a-worker');
});
