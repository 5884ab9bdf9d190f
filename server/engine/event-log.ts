import type { RunEvent, RunEventBody } from '../../shared/events.ts';
import type { NodeRecord, RunsStore } from '../store/runs-store.ts';
import type { RunStatus } from '../../shared/events.ts';

export type RunListener = (event: RunEvent) => void;
/** What an event changes in the store: node records (as the reducer returns them) and the run's status and cost. */
export type StateChange = {
  node?: Partial<NodeRecord>;
  nodes?: Record<string, Partial<NodeRecord>>;
  run?: { status?: RunStatus; cost?: number; error?: string };
};

/**
 * The one way events leave the engine: stored (with the state they imply) first, then broadcast to live listeners.
 * Sequence numbers are per run and continue from the store after a restart, so SSE ids never repeat.
 */
export function eventLog(runs: RunsStore, onRecorded?: (event: RunEvent) => void) {
  // Several processes may write one run in turn (a team server's API, then workers, then another after a takeover):
  // then only the store knows the last seq. Alone, this process is the only writer and may remember it.
  const seqs = onRecorded ? undefined : new Map<string, number>();
  const listeners = new Map<string, Set<RunListener>>();
  function announce(event: RunEvent) {
    for (const fn of listeners.get(event.runId) ?? []) {
      try {
        fn(event);
      } catch (err) {
        console.error('run event listener failed:', err);
      }
    }
  }

  return {
    /**
     * `derive` turns the complete event (seq, time) into the state change to store with it: the run's reducer, so what
     * is stored is exactly what every reader of the events computes.
     */
    record(runId: string, body: RunEventBody, derive: (event: RunEvent) => StateChange = () => ({})): RunEvent {
      const seq = (seqs?.get(runId) ?? runs.lastSeq(runId)) + 1;
      const at = new Date().toISOString();
      const event = runs.record(runId, seq, body, derive({ ...body, seq, runId, at } as RunEvent), at);
      seqs?.set(runId, seq);
      onRecorded?.(event);
      announce(event);
      return event;
    },
    /** Tells live listeners of an event another process stored (a team server's workers): see engine/cluster.ts. */
    announce,
    subscribe(runId: string, fn: RunListener): () => void {
      let set = listeners.get(runId);
      if (!set) listeners.set(runId, (set = new Set()));
      set.add(fn);
      return () => {
        set.delete(fn);
        if (!set.size) listeners.delete(runId);
      };
    },
  };
}

export type EventLog = ReturnType<typeof eventLog>;
