import type { EngineKind } from '../../shared/events.ts';
import { now, type Db } from './db.ts';

/**
 * Where a fingerprint's fal job stands. `submitting`: a submit was sent and no answer stored (a crash here means the
 * outcome is unknown); `unknown`: the answer was lost; `accepted`: fal gave a request id (the receipt); `completed`:
 * fal reported it done (and billed it); `failed`: fal said the request failed, so a new submit is safe.
 */
export type JobState = 'submitting' | 'unknown' | 'accepted' | 'completed' | 'failed';

export interface JobReceipt {
  fingerprint: string;
  engine: EngineKind;
  endpoint: string;
  state: JobState;
  requestId?: string;
  /** Recorded when fal reported completion, by the run that saw it (`costRun`). */
  cost?: number;
  costRun?: string;
  submittedAt: string;
}

type Row = Record<string, unknown>;
const fromRow = (r: Row): JobReceipt => ({
  fingerprint: r.fingerprint as string,
  engine: r.engine as EngineKind,
  endpoint: r.endpoint as string,
  state: r.state as JobState,
  submittedAt: r.submitted_at as string,
  ...(r.request_id ? { requestId: r.request_id as string } : {}),
  ...(r.cost !== null && r.cost !== undefined ? { cost: r.cost as number } : {}),
  ...(r.cost_run ? { costRun: r.cost_run as string } : {}),
});

/** The receipt book of fal jobs, by fingerprint. Every write lands before the step it records is announced. */
export function jobsStore(db: Db) {
  const set = (fingerprint: string, fields: Record<string, unknown>) => {
    const cols = Object.keys(fields);
    db.prepare(
      `UPDATE fal_jobs SET ${cols.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE fingerprint = ?`,
    ).run(...cols.map((c) => fields[c] ?? null), now(), fingerprint);
  };
  return {
    get(fingerprint: string): JobReceipt | undefined {
      const r = db.prepare('SELECT * FROM fal_jobs WHERE fingerprint = ?').get(fingerprint) as Row | undefined;
      return r && fromRow(r);
    },
    byRequestId(requestId: string): JobReceipt | undefined {
      const r = db.prepare('SELECT * FROM fal_jobs WHERE request_id = ?').get(requestId) as Row | undefined;
      return r && fromRow(r);
    },
    /** Written right before the submit leaves: a crash from here on leaves `submitting`, read as "may exist". */
    submitting(fingerprint: string, engine: EngineKind, endpoint: string): string {
      const at = now();
      // A new submit starts a new receipt: request id and cost of an earlier (failed) one are cleared.
      db.prepare(`INSERT INTO fal_jobs (fingerprint, engine, endpoint, state, submitted_at, updated_at)
        VALUES (?, ?, ?, 'submitting', ?, ?)
        ON CONFLICT (fingerprint) DO UPDATE SET engine = excluded.engine, endpoint = excluded.endpoint,
        state = excluded.state, request_id = NULL, cost = NULL, cost_run = NULL, submitted_at = excluded.submitted_at,
        updated_at = excluded.updated_at`).run(fingerprint, engine, endpoint, at, at);
      return at;
    },
    accepted: (fingerprint: string, requestId: string) =>
      set(fingerprint, { state: 'accepted', request_id: requestId }),
    unknown: (fingerprint: string) => set(fingerprint, { state: 'unknown' }),
    /** fal reported completion: the money is spent, whatever happens to the download. */
    completed: (fingerprint: string, cost: number, runId: string) =>
      set(fingerprint, { state: 'completed', cost, cost_run: runId }),
    /** fal refused or failed the job (nothing billed), or it surely never reached fal: a new submit is safe. */
    failed: (fingerprint: string) => set(fingerprint, { state: 'failed' }),
    /** Requests that may be running on fal right now (for crash tests and the dashboard check). */
    open(): JobReceipt[] {
      return (
        db.prepare("SELECT * FROM fal_jobs WHERE state IN ('submitting', 'unknown', 'accepted')").all() as Row[]
      ).map(fromRow);
    },
  };
}

export type JobsStore = ReturnType<typeof jobsStore>;
