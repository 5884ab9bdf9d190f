import { randomUUID } from 'node:crypto';

/** A log line as fal reports it. */
export interface RequestLog {
  message: string;
  level: 'INFO' | 'DEBUG' | 'WARN' | 'ERROR' | 'STDOUT' | 'STDERR';
  source: 'USER';
  timestamp: string;
}

/** What result answers: the model's HTTP status and body; error fields feed the COMPLETED status and webhook. */
export interface Outcome {
  status: number;
  body: unknown;
  error?: string;
  errorType?: string;
}

export interface Job {
  id: string;
  /** Full endpoint id; status/result/cancel only carry owner/alias, so the job must remember it. */
  endpoint: string;
  owner: string;
  alias: string;
  body: unknown;
  webhook?: string;
  priority: 'normal' | 'low';
  state: 'queued' | 'running' | 'done';
  readyAt: number;
  startedAt?: number;
  finishedAt?: number;
  logs: RequestLog[];
  /** What result answers: the model's HTTP status and body. */
  outcome?: Outcome;
  cancelRequested: boolean;
  listeners: Set<() => void>;
}

export interface QueueTiming {
  speed: number;
  queueDelayMs: number;
  runTimeMs: number;
  concurrency: number;
  webhookAttempts: number;
}

/** A request just accepted: queued, ready to run once `readyAt` (epoch ms) has passed. */
export function newJob(
  endpoint: string,
  body: unknown,
  opts: { webhook?: string; priority?: string },
  readyAt: number,
): Job {
  const [owner, alias] = endpoint.split('/');
  return {
    id: randomUUID(),
    endpoint,
    owner,
    alias,
    body,
    webhook: opts.webhook,
    priority: opts.priority === 'low' ? 'low' : 'normal',
    state: 'queued',
    readyAt,
    logs: [],
    cancelRequested: false,
    listeners: new Set(),
  };
}
