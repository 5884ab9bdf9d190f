import { skipToken, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { BatchPlan } from '../../shared/batch-api.ts';
import { ApiError } from '../api.ts';
import { appApi, type BatchSource } from './app-api.ts';

/** How long typing may pause before the plan is asked again: every keystroke would be a request. */
const SETTLE_MS = 400;

export interface PlanState {
  /** The plan of exactly what is typed now (null while it is being asked, or when nothing is typed). */
  plan: BatchPlan | null;
  /** The last plan shown, kept on screen (dimmed) while the next is asked, so the numbers do not flicker away. */
  shown: BatchPlan | null;
  checking: boolean;
  error: string;
}

/**
 * The batch's plan (count, already made, cost) kept up to date while typing, debounced. Run batch may only use
 * `plan`: it is of the inputs on screen, never of what was typed before.
 */
export function useBatchPlan(templateId: string, source: BatchSource | null, budget?: number): PlanState {
  const key = source ? JSON.stringify([source, budget ?? null]) : null;
  const [settled, setSettled] = useState<string | null>(key);
  useEffect(() => {
    const t = setTimeout(() => setSettled(key), SETTLE_MS);
    return () => clearTimeout(t);
  }, [key]);
  const asked = settled !== null && settled === key ? settled : null;
  const query = useQuery({
    queryKey: ['batch-plan', templateId, asked],
    queryFn: asked !== null && source ? () => appApi.previewBatch(templateId, source, budget) : skipToken,
    retry: false,
    gcTime: 60_000,
  });
  const [shown, setShown] = useState<BatchPlan | null>(null);
  useEffect(() => {
    if (query.data) setShown(query.data);
    else if (!key) setShown(null);
  }, [query.data, key]);
  const err = query.error;
  const error = !err
    ? ''
    : err instanceof ApiError
      ? [err.message, ...err.problems.slice(1).map((p) => p.message)].join(' · ')
      : String(err);
  return {
    plan: asked !== null && query.data ? query.data : null,
    shown: key ? shown : null,
    checking: key !== null && (asked === null || query.isFetching),
    error: asked !== null ? error : '',
  };
}
