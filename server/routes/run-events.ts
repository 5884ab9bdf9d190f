import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { RunEvent } from '../../shared/events.ts';
import type { Engine } from '../engine/engine.ts';

const TERMINAL = new Set(['run.completed', 'run.failed', 'run.cancelled']);
const FINISHED = new Set(['completed', 'failed', 'cancelled']);
const KEEPALIVE_MS = 15_000;

/**
 * SSE of one run's events, `id:` = seq. A reconnecting client sends `Last-Event-ID` (or `?since=`) and first gets
 * what it missed from the stored log, then live events; the stream closes after the run's terminal event.
 */
export function runEventStream(c: Context, engine: Engine, runId: string) {
  const raw = c.req.header('last-event-id') ?? c.req.query('since') ?? '0';
  const since = Math.max(0, Number.parseInt(raw, 10) || 0);
  return streamSSE(c, async (stream) => {
    const queue: RunEvent[] = [];
    let wake: (() => void) | undefined;
    // Subscribe before reading the log, so nothing falls between the replay and the live feed (seq dedupes).
    const off = engine.subscribe(runId, (e) => {
      queue.push(e);
      wake?.();
    });
    let closed = false;
    stream.onAbort(() => {
      closed = true;
      wake?.();
    });
    try {
      // A finished run's log is complete: once replayed, close (a client resuming after the terminal event would
      // otherwise be held open on keepalives forever).
      const finished = FINISHED.has(engine.store.runs.get(runId)?.status ?? '');
      queue.unshift(...engine.store.runs.events(runId, since));
      let last = since;
      while (!closed) {
        while (queue.length) {
          const e = queue.shift()!;
          if (e.seq <= last) continue;
          last = e.seq;
          await stream.writeSSE({ id: String(e.seq), data: JSON.stringify(e) });
          if (TERMINAL.has(e.type)) return;
        }
        if (finished) return;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, KEEPALIVE_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
        if (!queue.length && !closed) await stream.write(': keepalive\n\n');
      }
    } finally {
      off();
    }
  });
}
