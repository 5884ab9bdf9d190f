import type { Outcome } from './job.ts';

/** What fal answers for a request cancelled before a runner picked it up. */
export function cancelledOutcome(): Outcome {
  return {
    status: 400,
    body: { detail: 'Request was cancelled' },
    error: 'Request was cancelled',
    errorType: 'cancelled',
  };
}

/**
 * `x-fal-request-timeout`: a request no runner picked up in time ends with fal's user-timeout 504 (the client
 * does not retry it).
 */
export function timedOutOutcome(): Outcome {
  const detail = 'Request timed out before a runner picked it up';
  return {
    status: 504,
    body: { detail, error_type: 'request_timeout' },
    error: detail,
    errorType: 'request_timeout',
  };
}

/** The body fal POSTs to a request's webhook once it ended. */
export function webhookPayload(requestId: string, outcome: Outcome) {
  const ok = outcome.status < 300;
  return {
    request_id: requestId,
    gateway_request_id: requestId,
    status: ok ? 'OK' : 'ERROR',
    payload: outcome.body,
    error: ok ? null : (outcome.error ?? `Invalid status code: ${outcome.status}`),
  };
}
