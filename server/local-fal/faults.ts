/**
 * Fault injection, so the product's retry and error paths can be exercised against a queue that misbehaves the way
 * fal does under load: 429 (concurrency limit), 5xx, dropped connections and slow answers.
 */

/** Routes a fault can be attached to. `upload` covers initiate, the signed PUT and multipart calls. */
export const FAULT_ROUTES = ['submit', 'status', 'stream', 'result', 'cancel', 'upload', 'files'] as const;
export type FaultRoute = (typeof FAULT_ROUTES)[number];

/**
 * Submit faults that let the request take effect — the job is created, runs and is counted in `acceptedIds` — and
 * then lose the answer: `accept-drop` destroys the socket (the client sees "other side closed" / ECONNRESET),
 * `accept-500` answers HTTP 500. This is fal's worst case for money: a job the caller will be billed for but never
 * learned the id of, so a blind retry pays twice.
 */
export const ACCEPT_FAULTS = ['accept-drop', 'accept-500'] as const;
export type AcceptFault = (typeof ACCEPT_FAULTS)[number];

/**
 * One injected behaviour: an HTTP status answered instead of the real response, `drop` (the socket is destroyed
 * without a response, the client sees a network error), `{ slowMs }` (answer normally after a delay), `ok`, or an
 * accept fault (submit only: the job is created, then the answer is lost).
 */
export type Fault = number | 'drop' | 'ok' | { slowMs: number } | AcceptFault;

export function isAcceptFault(f: Fault | undefined): f is AcceptFault {
  return (ACCEPT_FAULTS as readonly unknown[]).includes(f);
}

/**
 * What happens on a route: `script` is consumed one entry per request first (e.g. `[503, 503]` then normal), then
 * each further request fails with probability `rate`, picking from `kinds` (default 503).
 */
export interface FaultPlan {
  script?: Fault[];
  rate?: number;
  kinds?: Fault[];
}

/**
 * Parses `LOCAL_FAL_FAULTS`: JSON like
 * `{"submit":{"script":["accept-drop",503]},"status":{"rate":0.1,"kinds":[429,"drop","slow:2000"]}}`.
 */
export function parseFaultPlans(raw: string | undefined): Partial<Record<FaultRoute, FaultPlan>> {
  if (!raw) return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error('LOCAL_FAL_FAULTS must be JSON, e.g. {"submit":{"script":[503,503]}}');
  }
  const out: Partial<Record<FaultRoute, FaultPlan>> = {};
  for (const [route, plan] of Object.entries(json as Record<string, FaultPlan>)) {
    if (!(FAULT_ROUTES as readonly string[]).includes(route))
      throw new Error(`LOCAL_FAL_FAULTS: unknown route ${route}`);
    out[route as FaultRoute] = {
      rate: plan.rate,
      script: plan.script?.map((f) => normalizeFault(f, route as FaultRoute)),
      kinds: plan.kinds?.map((f) => normalizeFault(f, route as FaultRoute)),
    };
  }
  return out;
}

function normalizeFault(f: unknown, route: FaultRoute): Fault {
  if (isAcceptFault(f as Fault)) {
    // Only a submit creates something that outlives a lost answer; elsewhere the name would promise what it can't do.
    if (route !== 'submit') throw new Error(`fault "${String(f)}" applies to submit only, not ${route}`);
    return f as AcceptFault;
  }
  if (typeof f === 'number' || f === 'drop' || f === 'ok') return f;
  if (typeof f === 'string' && /^slow:\d+$/.test(f)) return { slowMs: Number(f.slice(5)) };
  if (typeof f === 'string' && /^\d{3}$/.test(f)) return Number(f);
  if (f && typeof f === 'object' && typeof (f as { slowMs?: unknown }).slowMs === 'number') return f as Fault;
  throw new Error(
    `unknown fault ${JSON.stringify(f)}: use a status code, "drop", "ok", "slow:<ms>", "accept-drop" or "accept-500"`,
  );
}

/** Holds the live plans; `setFaults` replaces them (scripts restart from their first entry). */
export class FaultInjector {
  private plans: Partial<Record<FaultRoute, FaultPlan & { script: Fault[] }>> = {};

  constructor(initial: Partial<Record<FaultRoute, FaultPlan>> = {}) {
    this.set(initial);
  }

  set(plans: Partial<Record<FaultRoute, FaultPlan>>): void {
    this.plans = {};
    for (const [route, plan] of Object.entries(plans)) {
      if (!plan) continue;
      const r = route as FaultRoute;
      this.plans[r] = {
        rate: plan.rate,
        kinds: plan.kinds?.map((f) => normalizeFault(f, r)),
        script: (plan.script ?? []).map((f) => normalizeFault(f, r)),
      };
    }
  }

  /** The fault for this request on `route`, if any. */
  next(route: FaultRoute): Fault | undefined {
    const plan = this.plans[route];
    if (!plan) return undefined;
    if (plan.script.length > 0) {
      const f = plan.script.shift()!;
      return f === 'ok' ? undefined : f;
    }
    if (plan.rate && Math.random() < plan.rate) {
      const kinds = plan.kinds?.length ? plan.kinds : [503];
      const f = kinds[Math.floor(Math.random() * kinds.length)];
      return f === 'ok' ? undefined : f;
    }
    return undefined;
  }
}
