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

async function cli(args: string[], extra: Record<string, string> = {}) {
  try {
    const r = await exec('node', ['bin/pikaflow.mjs', ...args], { env: { ...env, ...extra }, timeout: 90_000 });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout, err: x.stderr };
  }
}
const run = (...args: string[]) => cli(['run', ...args]);

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
    // Without a key every run is a preview: it says what fal would charge, and never shows a spend.
    expect(first.out).toMatch(/No FAL_KEY: every run goes to the built-in local fal engine/);
    expect(again.out).toMatch(/: completed · preview \(local engine\), would cost \$\d+\.\d\d on fal/);
    expect(again.out).not.toMatch(/· cost \$/);
  });

  it('--preview with a FAL_KEY set runs free on the built-in engine; the banner says where paid runs and previews go', async () => {
    // FAL_KEY is a dummy and fal.ai is unreachable here: the run can only complete if nothing is sent to fal.
    // RETRY_MAX=0 so a run that wrongly goes to fal fails fast instead of backing off.
    const r = await cli(['run', 'examples/turbo-text-to-video.json', '--preview', '--set', 't2v.seed=777'], {
      FAL_KEY: 'dummy',
      RETRY_MAX: '0',
    });
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(/FAL_KEY is set: runs go to fal\.ai and cost money\./);
    expect(r.out).toMatch(/Previews .*`pikaflow run --preview`.* go to the built-in local fal engine.*free/);
    expect(r.out).toMatch(/✓ t2v done: preview · would cost \$0\.20 on fal/);
    expect(r.out).toMatch(/: completed · preview \(local engine\), would cost \$0\.20 on fal/);
    expect(r.out).toMatch(/out: \S+\.mp4 {2}\(preview, not a Pika video\)/);
  });

  it('--help lists every option; pikaflow --help lists the commands; an unknown option points at --help', async () => {
    const help = await run('--help');
    expect(help.code).toBe(0);
    for (const flag of ['--set', '--input', '--template', '--budget', '--reroll', '--preview', '--resubmit', '--help'])
      expect(help.out, flag).toContain(flag);
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    expect(top.out).toMatch(/validate <graph\.json>/);
    expect(top.out).toMatch(/run <graph\.json>/);
    const bad = await run('examples/turbo-text-to-video.json', '--frob');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(
      /unknown option --frob: pikaflow run accepts --set, .*--resubmit, -h\/--help \(pikaflow run --help lists them\)/,
    );
  });

  it('help <command> is <command> --help; an unknown command or top-level option names what is accepted', async () => {
    const [viaHelp, viaFlag] = await Promise.all([cli(['help', 'run']), run('-h')]);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.out).toBe(viaFlag.out);
    const [cmd, opt] = await Promise.all([cli(['frob']), cli(['--frob'])]);
    expect(cmd.code).toBe(2);
    expect(cmd.err).toMatch(/unknown command "frob" \(commands: validate, run; pikaflow --help lists them\)/);
    expect(opt.code).toBe(2);
    expect(opt.err).toMatch(/unknown option --frob: pikaflow takes a command first \(validate, run\), or -h\/--help/);
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
