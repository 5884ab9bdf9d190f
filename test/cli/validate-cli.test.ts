import { execFile } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exec = promisify(execFile);

/** Runs the real CLI as a user would, returning exit code and output. */
async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await exec('node', ['bin/pikaflow.mjs', ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const valid = readdirSync('examples').filter((f) => f.endsWith('.json'));
const invalid = readdirSync('examples/invalid').filter((f) => f.endsWith('.json'));

describe('pikaflow validate', () => {
  it('accepts every valid example, printing order and cost', async () => {
    for (const file of valid) {
      const r = await cli('validate', `examples/${file}`);
      expect(r.code, `${file}: ${r.stdout}${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/Execution order:/);
      expect(r.stdout).toMatch(/Estimated cost: \$\d+\.\d\d/);
    }
  });

  it('rejects every invalid example with its problem code and exit 1', async () => {
    for (const file of invalid) {
      const r = await cli('validate', `examples/invalid/${file}`);
      expect(r.code, file).toBe(1);
      expect(r.stdout).toContain(`[${file.replace(/(--.*)?\.json$/, '')}]`);
    }
  });

  it('answers a missing file and malformed JSON with one line, no stack trace', async () => {
    const bad = join(tmpdir(), `pikaflow-bad-${process.pid}.json`);
    writeFileSync(bad, '{"version": 1, "nodes": [');
    for (const path of ['does/not/exist.json', bad]) {
      const r = await cli('validate', path);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    }
  });
});
