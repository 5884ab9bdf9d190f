import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { probe } from '../../server/media/ffmpeg.ts';

const exec = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'pikaflow-cli-'));
const env = { ...process.env, DATA_DIR: dataDir, LOCAL_FAL_SPEED: '50', POLL_INTERVAL_MS: '50', FAL_KEY: '' };

async function run(...args: string[]) {
  try {
    const r = await exec('node', ['bin/pikaflow.mjs', 'run', ...args], { env, timeout: 90_000 });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout, err: x.stderr };
  }
}

describe('pikaflow run', () => {
  it('runs a graph on the local engine, prints kept output files, and reuses the cache next time', async () => {
    const first = await run('examples/turbo-text-to-video.json', '--set', 't2v.seed=1234');
    expect(first.code, first.out + first.err).toBe(0);
    expect(first.out).toMatch(/✓ t2v done/);
    const file = first.out.match(/out: (\S+\.mp4)/)?.[1];
    expect(file && existsSync(file)).toBe(true);
    const info = await probe(file!);
    expect(info).toMatchObject({ codec: 'h264', width: 1280, height: 720 });

    const again = await run('examples/turbo-text-to-video.json', '--set', 't2v.seed=1234');
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/t2v cached/);
    expect(again.out).toMatch(/cost \$0\.00/);
  });

  it('refuses an invalid graph with the problem and exit 1', async () => {
    const r = await run('examples/invalid/cycle.json');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/loop/);
  });

  it('names a --set for a node that does not exist', async () => {
    const r = await run('examples/turbo-text-to-video.json', '--set', 'nope.seed=1');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no node "nope"/);
  });
});
