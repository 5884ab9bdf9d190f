/**
 * Fault injection, so the product's retry and error paths can be exercised against a queue that misbehaves the way
 * fal does under load: 429 (concurrency limit), 5xx, dropped connections and slow answers.
 */

/** Routes a fault can be attached to. `upload` covers initiate, the signed PUT and multipart calls. */
export const FAULT_ROUTES = ['submit', 'status', 'stream', 'result', 'cancel', 'upload', 'files'] as const;
export type FaultRoute = (typeof FAULT_ROUTES)[number];

/**
 * One injected behaviour: an HTTP status answered instead of the real response, `drop` (the socket is destroyed
 * without a response, the client sees a network error), `{ slowMs }` (answer normally after a delay) or `ok`.
 */
export type Fault = number | 'drop' | 'ok' | { slowMs: number };

/**
 * What happens on a route: `script` is consumed one entry per request first (e.g. `[503, 503]` then normal), then
 * each further request fails with probability `rate`, picking from `kinds` (default 503).
 */
export interface FaultPlan {
  script?: Fault[];
  rate?: number;
  kinds?: Fault[];
}

/** Parses `LOCAL_FAL_FAULTS`: JSON like `{"submit":{"script":[503,503]},"status":{"rate":0.1,"kinds":[429,"drop","slow:2000"]}}`. */
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
    if (!(FAULT_ROUTES as readonly string[]).includes(route)) throw new Error(`LOCAL_FAL_FAULTS: unknown route ${route}`);
    out[route as FaultRoute] = {
      rate: plan.rate,
      script: plan.script?.map(normalizeFault),
      kinds: plan.kinds?.map(normalizeFault),
    };
  }
  return out;
}

function normalizeFault(f: unknown): Fault {
  if (typeof f === 'number' || f === 'drop' || f === 'ok') return f;
  if (typeof f === 'string' && /^slow:\d+$/.test(f)) return { slowMs: Number(f.slice(5)) };
  if (typeof f === 'string' && /^\d{3}$/.test(f)) return Number(f);
  if (f && typeof f === 'object' && typeof (f as { slowMs?: unknown }).slowMs === 'number') return f as Fault;
  throw new Error(`unknown fault ${JSON.stringify(f)}: use a status code, "drop", "ok" or "slow:<ms>"`);
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
      this.plans[route as FaultRoute] = {
        rate: plan.rate,
        kinds: plan.kinds?.map(normalizeFault),
        script: (plan.script ?? []).map(normalizeFault),
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
