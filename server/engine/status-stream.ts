import type { FalClient, QueueStatus } from '@fal-ai/client';

/** An open status stream of one request: `settled` says whether fal reported COMPLETED or the stream just ended. */
export interface StatusWatch {
  settled: Promise<'completed' | 'ended'>;
  close(): void;
}

/**
 * fal's status stream (SSE) pushes every status change, so completion is seen the moment it happens instead of at the
 * next poll. Consumed through events and `done()`, never `subscribeToStatus` with a timeout (that throws from a timer
 * and takes the process down, fal-protocol.md §4). Any failure just settles as `ended`: polling carries on.
 */
export async function watchStatus(
  fal: FalClient,
  endpoint: string,
  requestId: string,
  onStatus: (s: QueueStatus) => void,
): Promise<StatusWatch> {
  let stream: Awaited<ReturnType<FalClient['queue']['streamStatus']>>;
  try {
    stream = await fal.queue.streamStatus(endpoint, { requestId, logs: true });
  } catch {
    return { settled: Promise.resolve('ended'), close: () => {} };
  }
  const settled = new Promise<'completed' | 'ended'>((resolve) => {
    stream.on('data', (s: QueueStatus) => {
      try {
        onStatus(s);
      } finally {
        if (s?.status === 'COMPLETED') resolve('completed');
      }
    });
    // done() rejects on a stream error: always handled here, or it would be an unhandled rejection.
    stream.done().then(
      () => resolve('ended'),
      () => resolve('ended'),
    );
  });
  return { settled, close: () => stream.abort() };
}
