import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FalClient } from '@fal-ai/client';

/**
 * A fal stand-in for the scheduler benchmark only: every job takes exactly `runMs`, with no ffmpeg render competing
 * for the CPU, so wall time ÷ critical path measures the engine's own overhead. Results point at a tiny HTTP server
 * so the engine still downloads and keeps every output as in production.
 */
export async function fixedTimeFal(runMs: number) {
  // Each result its own bytes (as real outputs are), so every node keeps a new file rather than finding one kept.
  const server = createServer((req, res) => {
    const bytes = Buffer.from(`0000ftypisom-fixed-time-bench-clip${req.url}`);
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': bytes.length });
    res.end(req.method === 'HEAD' ? undefined : bytes);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const jobs = new Map<string, number>();
  const queue = {
    async submit() {
      const id = randomUUID();
      jobs.set(id, Date.now() + runMs);
      return { request_id: id, status: 'IN_QUEUE', queue_position: 0 };
    },
    async status(_e: string, { requestId }: { requestId: string }) {
      return {
        status: Date.now() >= jobs.get(requestId)! ? 'COMPLETED' : 'IN_PROGRESS',
        request_id: requestId,
        logs: [],
      };
    },
    async result(_e: string, { requestId }: { requestId: string }) {
      return { data: { video: { url: `${origin}/${requestId}.mp4` } }, requestId };
    },
    async cancel() {},
    /** fal's status stream: one COMPLETED event the moment the job's time is up (as real fal pushes it). */
    async streamStatus(_e: string, { requestId }: { requestId: string }) {
      const data: ((s: unknown) => void)[] = [];
      let finish!: () => void;
      const done = new Promise<void>((r) => (finish = r));
      const timer = setTimeout(
        () => {
          for (const f of data) f({ status: 'COMPLETED', request_id: requestId, logs: [] });
          finish();
        },
        Math.max(0, jobs.get(requestId)! - Date.now()),
      );
      return {
        on: (type: string, f: (s: unknown) => void) => type === 'data' && data.push(f),
        done: () => done,
        abort: () => (clearTimeout(timer), finish()),
      };
    },
  };
  return {
    fal: { queue } as unknown as FalClient,
    origin,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
