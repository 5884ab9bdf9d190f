import react from '@vitejs/plugin-react';
import { configDefaults, defineConfig } from 'vitest/config';
import { shippedBinary } from './server/media/ffmpeg.ts';

const serverPort = Number(process.env.PORT ?? 5174);

/** Example graphs on the npm-shipped ffmpeg: only meaningful there (test/server runs them on the default ffmpeg). */
const npmOnly = 'test/media/examples-npm-ffmpeg.test.ts';

export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: { outDir: '../dist/client', emptyOutDir: true },
  server: { proxy: { '/api': `http://127.0.0.1:${serverPort}`, '/media': `http://127.0.0.1:${serverPort}` } },
  test: {
    root: '.',
    reporters: ['default', './test/summary-reporter.ts'],
    // Tests wait on events (run streams, engine events, page state), never on a clock; these bounds only end a wait
    // for something that is lost, so they are generous: the suite must pass on two cores beside a second copy of it.
    testTimeout: 240_000,
    hookTimeout: 300_000,
    // expect.poll's default gives up after 1 s: far too tight for a browser or a server under load.
    expect: { poll: { timeout: 90_000, interval: 100 } },
    // Two cores: ffmpeg renders and Chromium compete with test workers (a global cap, shared by both projects).
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'all',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: [...configDefaults.exclude, npmOnly],
        },
      },
      {
        // A fresh machine may have only the 2018 static build npm ships (no xfade, older filters): the media steps
        // and every local-engine render run again on it, so a filter it lacks fails here rather than for a user.
        extends: true,
        test: {
          name: 'npm-ffmpeg',
          include: ['test/media/**/*.test.ts', 'test/local-fal/**/*.test.ts'],
          env: { FFMPEG_PATH: shippedBinary('ffmpeg'), FFPROBE_PATH: shippedBinary('ffprobe') },
        },
      },
    ],
  },
});
