import type { TeamStatus } from '../../shared/api.ts';
import type { RunEvent } from '../../shared/events.ts';
import type { EngineCluster } from '../engine/cluster.ts';
import type { Store } from '../store/index.ts';
import { CHANNELS, openBus } from './bus.ts';
import { clusterSlots } from './cluster-slots.ts';
import { openRunQueue } from './run-queue.ts';

export type TeamRole = 'api' | 'worker';

/** How often followed runs are checked for events whose notification never came. */
const SWEEP_MS = 2000;

export interface TeamOptions {
  databaseUrl: string;
  /** `api`: validates, stores, queues, answers and streams. `worker`: executes the runs it takes off the queue. */
  role: TeamRole;
  /** Fal jobs in flight at once across every worker (CONCURRENCY). */
  concurrency: number;
  /** Workers: how often to look for jobs when no "job created" notification came (s, ≥ 0.5; default 2). */
  pollSeconds?: number;
}

/**
 * Everything a process of a team server shares with the others over Postgres, as the engine's `cluster` hooks
 * (engine/cluster.ts): run jobs on pg-boss, events/webhooks/cancels on LISTEN/NOTIFY, fal slots as advisory locks.
 */
export async function openTeam(store: Store, o: TeamOptions) {
  const bus = await openBus(o.databaseUrl);
  const queue = await openRunQueue(o.databaseUrl, { role: o.role, pollSeconds: o.pollSeconds });
  const slots = o.role === 'worker' ? await clusterSlots(o.databaseUrl, o.concurrency, bus) : undefined;

  // Runs someone here follows: the last seq announced, so each event is announced once and in order.
  type Watch = { last: number; watchers: number; announce: (e: RunEvent) => void };
  const watching = new Map<string, Watch>();
  /** The store, not the notification, is the truth: everything after the last announced, in order. */
  const catchUp = (runId: string, w: Watch) => {
    for (const e of store.runs.events(runId, w.last)) {
      w.last = e.seq;
      w.announce(e);
    }
  };
  bus.on(CHANNELS.events, (payload) => {
    const [runId, seq] = payload.split(' ');
    const w = watching.get(runId);
    if (w && Number(seq) > w.last) catchUp(runId, w);
  });
  // A notification can be lost: a worker killed between storing an event and announcing it (its last event, say
  // run.completed, would then never reach a stream), or the bus reconnecting. Followed runs are checked now and then.
  const sweep = setInterval(() => {
    for (const [runId, w] of watching) if (store.runs.lastSeq(runId) > w.last) catchUp(runId, w);
  }, SWEEP_MS);
  sweep.unref();

  /** Runs whose job is being sent (this process answered the start before the queue did). */
  const sending = new Map<string, Promise<void>>();
  const cluster: EngineCluster = {
    slots,
    dispatch:
      o.role === 'api'
        ? (runId) => {
            const sent = queue.dispatch(runId).finally(() => sending.delete(runId));
            sending.set(runId, sent);
            return sent;
          }
        : undefined,
    recorded(event) {
      const w = watching.get(event.runId);
      if (w) w.last = Math.max(w.last, event.seq);
      bus.notify(CHANNELS.events, `${event.runId} ${event.seq}`);
    },
    watch(runId, announce) {
      let w = watching.get(runId);
      if (!w) watching.set(runId, (w = { last: store.runs.lastSeq(runId), watchers: 0, announce }));
      w.watchers++;
      return () => {
        if (--w.watchers === 0) watching.delete(runId);
      };
    },
    async cancel(runId) {
      // A cancel right after the start: its job must be on the queue before it can be taken off it.
      await sending.get(runId)?.catch(() => {});
      if (store.runs.get(runId)?.status === 'queued' && (await queue.cancelQueued(runId))) return 'queued';
      bus.notify(CHANNELS.cancel, runId);
      return 'sent';
    },
    webhook: (requestId) => bus.notify(CHANNELS.webhook, requestId),
  };

  return {
    cluster,
    bus,
    queue,
    /** Workers from pg-boss's registry; runs waiting and running from the store (the queue's counts lag by a poll). */
    async status(): Promise<TeamStatus> {
      return { workers: await queue.workers(), ...store.runs.unfinishedCounts() };
    },
    async close() {
      clearInterval(sweep);
      await queue.close();
      await slots?.close();
      await bus.close();
    },
  };
}

export type Team = Awaited<ReturnType<typeof openTeam>>;
