import { describe, expect, it } from 'vitest';
import { loadEngineEnv } from '../../server/local-fal/env.ts';
import { resolveOptions } from '../../server/local-fal/options.ts';

/** LOCAL_FAL_* parsing: the same variables and defaults as before, one readable error for every bad value. */

describe('local engine env', () => {
  it('defaults when nothing is set, and ignores other variables', () => {
    expect(resolveOptions({}, { PATH: '/bin', LOCAL_FAL_URL: 'http://elsewhere' })).toEqual({
      port: 0,
      host: '127.0.0.1',
      speed: 1,
      queueDelayMs: 800,
      runTimeMs: 4000,
      concurrency: 2,
      faults: {},
      dataDir: undefined,
      fps: 15,
      maxFileBytes: 512 * 1024 * 1024,
      fetchTimeoutMs: 30_000,
      webhookAttempts: 10,
      log: false,
      render: 'ffmpeg',
    });
  });

  it('reads every variable; explicit options win over them', () => {
    const env = {
      LOCAL_FAL_PORT: '8787',
      LOCAL_FAL_HOST: '0.0.0.0',
      LOCAL_FAL_SPEED: '4',
      LOCAL_FAL_QUEUE_DELAY_MS: '0',
      LOCAL_FAL_RUN_TIME_MS: '250',
      LOCAL_FAL_CONCURRENCY: '3',
      LOCAL_FAL_FAULTS: '{"status":{"script":["drop"]}}',
      LOCAL_FAL_DIR: '/tmp/x',
      LOCAL_FAL_FPS: '8',
      LOCAL_FAL_LOG: '1',
      LOCAL_FAL_RENDER: 'fixed',
    };
    expect(resolveOptions({}, env)).toMatchObject({
      port: 8787,
      host: '0.0.0.0',
      speed: 4,
      queueDelayMs: 0,
      runTimeMs: 250,
      concurrency: 3,
      faults: { status: { script: ['drop'] } },
      dataDir: '/tmp/x',
      fps: 8,
      log: true,
      render: 'fixed',
    });
    expect(resolveOptions({ speed: 100, concurrency: 1.7, log: false }, env)).toMatchObject({
      speed: 100,
      concurrency: 1,
      log: false,
    });
  });

  it('an empty value means unset, not 0', () => {
    expect(resolveOptions({}, { LOCAL_FAL_SPEED: '', LOCAL_FAL_HOST: '' })).toMatchObject({
      speed: 1,
      host: '127.0.0.1',
    });
  });

  it('LOCAL_FAL_LOG is left unset for the caller to default', () => {
    expect(loadEngineEnv({}).LOCAL_FAL_LOG).toBeUndefined();
    expect(loadEngineEnv({ LOCAL_FAL_LOG: '0' }).LOCAL_FAL_LOG).toBe(false);
  });

  it('one error names every bad variable and its value', () => {
    const bad = {
      LOCAL_FAL_SPEED: '0',
      LOCAL_FAL_PORT: 'abc',
      LOCAL_FAL_CONCURRENCY: '0',
      LOCAL_FAL_RUN_TIME_MS: '-5',
      LOCAL_FAL_FAULTS: '{"nope":{}}',
      LOCAL_FAL_LOG: 'yes',
      LOCAL_FAL_RENDER: 'blender',
    };
    let message = '';
    try {
      loadEngineEnv(bad);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^Bad local fal engine configuration:/);
    expect(message).toContain('LOCAL_FAL_SPEED="0": must be greater than 0');
    expect(message).toContain('LOCAL_FAL_PORT="abc": must be a number');
    expect(message).toContain('LOCAL_FAL_CONCURRENCY="0": must be 1 or more');
    expect(message).toContain('LOCAL_FAL_RUN_TIME_MS="-5": must be 0 or more');
    expect(message).toContain('LOCAL_FAL_FAULTS="{\\"nope\\":{}}": LOCAL_FAL_FAULTS: unknown route nope');
    expect(message).toContain('LOCAL_FAL_LOG="yes": must be 1 or 0');
    expect(message).toContain('LOCAL_FAL_RENDER="blender": must be ffmpeg or fixed');
  });

  it('a bad env value is reported even when an option overrides it', () => {
    expect(() => resolveOptions({ speed: 2 }, { LOCAL_FAL_SPEED: 'fast' })).toThrow(
      /LOCAL_FAL_SPEED="fast": must be a number/,
    );
  });
});
