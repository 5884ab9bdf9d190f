import { cancelledOutcome, timedOutOutcome, webhookPayload } from './job-outcomes.ts';
import { newJob, type Job, type Outcome, type QueueTiming, type RequestLog } from './job.ts';
import type { ClipMaker } from './render/index.ts';
import { runJob } from './runner.ts';
import type { FileStore } from './storage.ts';
import { deliverWebhook } from './webhook.ts';

// A job's shape and fal's canned answers live in job.ts and job-outcomes.ts; routes keep importing them from here.
export type { Job, Outcome, QueueTiming, RequestLog } from './job.ts';

/** The fake runners: a FIFO queue (normal priority ahead of low) served by `concurrency` workers. */
export class JobQueue {
  private jobs = new Map<string, Job>();
  private waiting: Job[] = [];
  private running = 0;
  private timer?: NodeJS.Timeout;
  private closed = false;
  readonly accepted: Record<string, number> = {};
  /** Ids of accepted submissions in order: lets a crash test tell which submissions a killed server never recorded. */
  readonly acceptedIds: string[] = [];
  webhookAttempts = 0;

  constructor(
    private timing: QueueTiming,
    private renderer: ClipMaker,
    private store: FileStore,
  ) {}

  submit(endpoint: string, body: unknown, opts: { webhook?: string; priority?: string; startTimeoutS?: number }): Job {
    const job = newJob(endpoint, body, opts, Date.now() + this.timing.queueDelayMs / this.timing.speed);
    this.prune();
    this.jobs.set(job.id, job);
    // Low priority waits behind every normal request, as on fal.
    const at = job.priority === 'low' ? this.waiting.length : this.waiting.findIndex((j) => j.priority === 'low');
    this.waiting.splice(at < 0 ? this.waiting.length : at, 0, job);
    this.accepted[endpoint] = (this.accepted[endpoint] ?? 0) + 1;
    this.acceptedIds.push(job.id);
    if (opts.startTimeoutS && opts.startTimeoutS > 0) this.startTimeout(job, opts.startTimeoutS * 1000);
    // Deferred, so the submit answer is always IN_QUEUE (as on fal) even when no queue delay is configured.
    setImmediate(() => this.pump());
    return job;
  }

  /** Finished requests are forgotten after a day, so a long-lived product server does not grow without bound. */
  private prune(): void {
    const cutoff = Date.now() - 24 * 60 * 60 * 1000;
    for (const [id, j] of this.jobs) if (j.state === 'done' && (j.finishedAt ?? 0) < cutoff) this.jobs.delete(id);
  }

  /** Lookup as fal does it: the id plus the owner/alias of the URL it came in on. */
  get(owner: string, alias: string, id: string): Job | undefined {
    const job = this.jobs.get(id);
    return job && job.owner === owner && job.alias === alias ? job : undefined;
  }

  finishedAt(id: string): number | undefined {
    return this.jobs.get(id)?.finishedAt;
  }

  position(job: Job): number {
    return Math.max(0, this.waiting.indexOf(job));
  }

  /** queued → cancelled at once; running → the runner is told and stops; done → nothing to cancel. */
  cancel(job: Job): 'cancelled' | 'requested' | 'completed' {
    if (job.state === 'done') return 'completed';
    job.cancelRequested = true;
    if (job.state === 'queued') {
      this.waiting.splice(this.waiting.indexOf(job), 1);
      this.finish(job, cancelledOutcome());
      this.changed();
      return 'cancelled';
    }
    this.log(job, 'cancellation requested', 'WARN');
    return 'requested';
  }

  /** `x-fal-request-timeout` (see timedOutOutcome). Real seconds, not scaled by speed: the caller chose them. */
  private startTimeout(job: Job, ms: number): void {
    setTimeout(() => {
      if (job.state !== 'queued') return;
      this.waiting.splice(this.waiting.indexOf(job), 1);
      this.finish(job, timedOutOutcome());
      this.changed();
    }, ms).unref();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private log(job: Job, message: string, level: RequestLog['level'] = 'INFO'): void {
    job.logs.push({ message, level, source: 'USER', timestamp: new Date().toISOString() });
    this.notify(job);
  }

  private notify(job: Job): void {
    for (const l of job.listeners) l();
  }

  /** Queue positions moved: everyone waiting gets an update (their SSE streams send a new event). */
  private changed(): void {
    for (const j of this.waiting) this.notify(j);
  }

  private pump(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    const now = Date.now();
    while (this.running < this.timing.concurrency) {
      const next = this.waiting.find((j) => j.readyAt <= now);
      if (!next) break;
      this.waiting.splice(this.waiting.indexOf(next), 1);
      this.running++;
      void this.run(next).finally(() => {
        this.running--;
        this.pump();
      });
      this.changed();
    }
    const soonest = Math.min(...this.waiting.map((j) => j.readyAt));
    if (this.running < this.timing.concurrency && Number.isFinite(soonest))
      this.timer = setTimeout(() => this.pump(), Math.max(1, soonest - now));
  }

  private async run(job: Job): Promise<void> {
    job.state = 'running';
    job.startedAt = Date.now();
    const outcome = await runJob(job, {
      renderer: this.renderer,
      store: this.store,
      minRunMs: this.timing.runTimeMs / this.timing.speed,
      log: (message, level) => this.log(job, message, level),
      stopped: () => job.cancelRequested || this.closed,
    });
    this.finish(job, outcome);
  }

  private finish(job: Job, outcome: Outcome): void {
    job.state = 'done';
    job.finishedAt = Date.now();
    job.outcome = outcome;
    this.notify(job);
    if (job.webhook && !this.closed) {
      void deliverWebhook(job.webhook, webhookPayload(job.id, outcome), {
        attempts: this.timing.webhookAttempts,
        baseDelayMs: 1000 / this.timing.speed,
        onAttempt: () => this.webhookAttempts++,
        stopped: () => this.closed,
      });
    }
  }
}
