import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, type FalClient } from '@fal-ai/client';

export type FakeJobState = 'open' | 'done' | 'failed' | 'cancelled';

export interface FakeJob {
  id: string;
  endpoint: string;
  input: Record<string, unknown>;
  state: FakeJobState;
}

/**
 * A fal stand-in for scheduler tests. Unlike bench/fixed-time-fal.ts no job ends on a timer: a job stays open until
 * the test calls `finish` or `fail`, so a test decides the order of completions and waits on what the fake has seen
 * (`until`), never on a clock. Results point at a tiny loopback HTTP server (one body per path, so every result is
 * its own kept file); it also answers the HEAD the publisher sends before reusing a URL.
 */
export async function fakeFal() {
  const files = new Map<string, Buffer>();
  const server = createServer((req, res) => {
    const body = files.get(req.url ?? '') ?? Buffer.from(`fake-clip:${req.url}`);
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const jobs: FakeJob[] = [];
  const cancels: string[] = [];
  const waiters = new Set<() => void>();
  let maxOpen = 0;
  const open = () => jobs.filter((j) => j.state === 'open');
  /** Something changed: re-check every `until`. */
  const changed = () => {
    for (const check of [...waiters]) check();
  };
  const job = (id: string) => {
    const found = jobs.find((j) => j.id === id);
    if (!found) throw new ApiError({ message: 'Not Found', status: 404, body: { detail: `no request ${id}` } });
    return found;
  };

  const queue = {
    async submit(endpoint: string, { input }: { input: Record<string, unknown> }) {
      const j: FakeJob = { id: randomUUID(), endpoint, input, state: 'open' };
      jobs.push(j);
      maxOpen = Math.max(maxOpen, open().length);
      changed();
      return { request_id: j.id, status: 'IN_QUEUE', queue_position: 0 };
    },
    async status(_endpoint: string, { requestId }: { requestId: string }) {
      const j = job(requestId);
      return { status: j.state === 'open' ? 'IN_PROGRESS' : 'COMPLETED', request_id: requestId, logs: [] };
    },
    async result(_endpoint: string, { requestId }: { requestId: string }) {
      const j = job(requestId);
      fake.onResult?.(j);
      // A job fal failed (or one cancelled before it ran) answers its result call with an error, as fal does.
      if (j.state !== 'done')
        throw new ApiError({ message: 'Bad Request', status: 400, body: { detail: `job ${j.state}` } });
      return { data: { video: { url: `${origin}/${requestId}.mp4` } }, requestId };
    },
    async cancel(_endpoint: string, { requestId }: { requestId: string }) {
      cancels.push(requestId);
      const j = jobs.find((x) => x.id === requestId);
      if (j?.state === 'open') j.state = 'cancelled';
      changed();
    },
  };
  const storage = {
    async upload(blob: Blob) {
      const path = `/upload/${randomUUID()}.mp4`;
      files.set(path, Buffer.from(await blob.arrayBuffer()));
      return `${origin}${path}`;
    },
  };

  const settle = (id: string, state: FakeJobState) => {
    const j = job(id);
    if (j.state !== 'open') throw new Error(`job ${id} is already ${j.state}`);
    j.state = state;
    changed();
  };

  const fake = {
    fal: { queue, storage } as unknown as FalClient,
    origin,
    jobs,
    /** Request ids fal was asked to cancel. */
    cancels,
    /** Called when the engine asks for a job's result, i.e. right after fal reported it complete. */
    onResult: undefined as ((job: FakeJob) => void) | undefined,
    get open() {
      return open();
    },
    /** The most jobs ever open at once. */
    get maxOpen() {
      return maxOpen;
    },
    finish: (id: string) => settle(id, 'done'),
    fail: (id: string) => settle(id, 'failed'),
    /** Resolves once `predicate` holds (checked now and after every submit, cancel and completion). */
    until(predicate: () => boolean): Promise<void> {
      return new Promise((resolve) => {
        const check = () => {
          if (predicate()) waiters.delete(check), resolve();
        };
        waiters.add(check);
        check();
      });
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
  return fake;
}

export type FakeFal = Awaited<ReturnType<typeof fakeFal>>;
