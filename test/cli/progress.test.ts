import { describe, expect, it } from 'vitest';
import type { RunEvent, RunEventBody } from '../../shared/events.ts';
import { progressDisplay } from '../../cli/progress.ts';
import { parseRunArgs } from '../../cli/run-args.ts';

/** The CLI's rows are the shared reducer's node state, written as lines when stdout is not a terminal (CI logs). */

function display() {
  const lines: string[] = [];
  const out = { isTTY: false, write: (s: string) => lines.push(s.trimEnd()) } as unknown as NodeJS.WriteStream;
  const d = progressDisplay(
    [
      { id: 't2v', title: 'Text → Video' },
      { id: 'swap', title: 'Pikaswaps' },
    ],
    out,
  );
  let seq = 0;
  const send = (body: RunEventBody) =>
    d.onEvent({ ...body, seq: ++seq, runId: 'r1', at: `2026-11-26T12:00:0${seq}.000Z` } as RunEvent);
  return { lines, send };
}

describe('progress rows', () => {
  it('an unknown submit outcome says a job may exist on fal, where and when, and how to submit again', () => {
    const { lines, send } = display();
    send({ type: 'run.queued', engine: 'fal' });
    send({ type: 'node.started', nodeId: 't2v' });
    send({
      type: 'node.uncertain',
      nodeId: 't2v',
      endpoint: 'fal-ai/pika/v2/turbo/text-to-video',
      submittedAt: '2026-11-26T12:00:02.000Z',
      message: 'connection reset after sending',
    });
    expect(lines.at(-1)).toBe(
      '? t2v uncertain: a job may exist on fal (fal-ai/pika/v2/turbo/text-to-video, submitted at 2026-11-26T12:00:02.000Z); ' +
        'run again with --resubmit t2v to submit again — may cost twice',
    );
  });

  it('on a preview (local engine) an unknown submit outcome speaks of the preview engine, free to submit again', () => {
    const { lines, send } = display();
    send({ type: 'run.queued', engine: 'local' });
    send({ type: 'node.started', nodeId: 't2v' });
    send({
      type: 'node.uncertain',
      nodeId: 't2v',
      endpoint: 'fal-ai/pika/v2/turbo/text-to-video',
      submittedAt: '2026-11-26T12:00:02.000Z',
      message: 'connection reset after sending',
    });
    expect(lines.at(-1)).toBe(
      '? t2v uncertain: no answer from the preview engine (fal-ai/pika/v2/turbo/text-to-video, submitted at ' +
        '2026-11-26T12:00:02.000Z); run again with --resubmit t2v to submit again — free',
    );
    expect(lines.join('\n')).not.toMatch(/on fal|cost twice/);
  });

  it('a preview shows what it would cost on fal, never a spend; a paid node shows its cost', () => {
    const { lines, send } = display();
    send({
      type: 'node.completed',
      nodeId: 't2v',
      outputs: { video: '/media/a.mp4' },
      cost: 0,
      estimate: 0.2,
      ms: 1500,
    });
    send({ type: 'node.completed', nodeId: 'swap', outputs: { video: '/media/b.mp4' }, cost: 0.45, ms: 2000 });
    expect(lines).toEqual(['✓ t2v done: preview · would cost $0.20 on fal · 1.5 s', '✓ swap done: $0.45 in 2.0 s']);
  });

  it('follows the reducer: a late cancel leaves a done node done, and prints nothing', () => {
    const { lines, send } = display();
    send({ type: 'node.completed', nodeId: 't2v', outputs: { video: '/media/a.mp4' }, cost: 0.2, ms: 1000 });
    send({ type: 'node.cancelled', nodeId: 't2v' });
    send({ type: 'node.failed', nodeId: 'swap', kind: 'validation', message: 'bad video', field: 'video_url' });
    expect(lines).toEqual(['✓ t2v done: $0.20 in 1.0 s', '✗ swap failed: bad video (field video_url)']);
  });
});

describe('run arguments', () => {
  it('--preview, repeated --resubmit and --help', () => {
    const args = parseRunArgs(['g.json', '--preview', '--resubmit', 'a', '--resubmit', 'b']);
    expect(args).toMatchObject({ file: 'g.json', preview: true, resubmit: ['a', 'b'], help: false });
    expect(parseRunArgs(['--help']).help).toBe(true);
    expect(() => parseRunArgs(['g.json', '--resubmit'])).toThrow(/--resubmit expects a node id/);
  });
});
