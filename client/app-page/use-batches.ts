import { queryOptions, skipToken, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { BatchDetail } from '../../shared/batch-api.ts';
import { TERMINAL_RUN, type RunStatus } from '../../shared/events.ts';
import { ApiError } from '../api.ts';
import { appApi } from './app-api.ts';

/** How often unfinished batches are asked again: a batch is many runs, so one cheap GET beats a stream per run. */
const POLL_MS = 700;

export const batchFinished = (b: BatchDetail) => b.runs.every((r) => TERMINAL_RUN.includes(r.status as RunStatus));

/** The batch the address names (`?batch=<id>`), so a reload or a shared link reopens it. */
export const batchInUrl = () => new URLSearchParams(location.search).get('batch');

function setBatchInUrl(id: string | null) {
  // replaceState: opening and closing rows is browsing within one page, not history worth a Back press each.
  history.replaceState(null, '', id ? `${location.pathname}?batch=${encodeURIComponent(id)}` : location.pathname);
}

/** Query keys: one batch has one key, so the linked batch, its poll and any other reader share one request. */
const keys = {
  list: (templateId: string) => ['template', templateId, 'batches'] as const,
  one: (templateId: string, id: string) => ['template', templateId, 'batch', id] as const,
};

/** One batch, asked again every POLL_MS until all its runs have ended. */
const pollOptions = (templateId: string, b: BatchDetail, listedAt: number) =>
  queryOptions({
    queryKey: keys.one(templateId, b.id),
    queryFn: ({ signal }): Promise<BatchDetail> => appApi.batch(templateId, b.id, signal),
    // Seeded from the list, so the first ask waits a poll interval instead of repeating the list's answer.
    initialData: b,
    initialDataUpdatedAt: listedAt,
    enabled: !batchFinished(b),
    staleTime: (q) => (q.state.data && batchFinished(q.state.data) ? Infinity : POLL_MS),
    refetchInterval: (q) => (q.state.data && batchFinished(q.state.data) ? false : POLL_MS),
    // A failed poll is asked again at the next interval anyway; its last good answer stays on screen.
    retry: false,
  });

export interface Batches {
  /** Newest first; null while loading. */
  list: BatchDetail[] | null;
  openId: string | null;
  error: string;
  /** Opens one batch (or closes all with null), naming it in the address. */
  open(id: string | null): void;
  /** A batch just started here: at the top of the list, open. */
  add(b: BatchDetail): void;
}

/** The template's past batches from the server, the open one kept in the URL, unfinished ones polled until done. */
export function useBatches(templateId: string): Batches {
  const queryClient = useQueryClient();
  const [openId, setOpenId] = useState<string | null>(batchInUrl);
  const [linked] = useState(batchInUrl);
  const listQuery = useQuery({
    queryKey: keys.list(templateId),
    queryFn: ({ signal }) => appApi.batches(templateId, signal),
  });
  // The list stops at the newest 100; a linked older batch is fetched on its own so the link still works.
  const fetchLinked = !!linked && !!listQuery.data && !listQuery.data.some((b) => b.id === linked);
  const linkedQuery = useQuery({
    queryKey: keys.one(templateId, linked ?? ''),
    queryFn: fetchLinked && linked ? ({ signal }) => appApi.batch(templateId, linked, signal) : skipToken,
  });
  const known =
    listQuery.data && (fetchLinked && linkedQuery.data ? [linkedQuery.data, ...listQuery.data] : listQuery.data);

  const polled = useQueries({ queries: (known ?? []).map((b) => pollOptions(templateId, b, listQuery.dataUpdatedAt)) });
  // Whichever is newer: a list fetched again (a remount) may be fresher than a poll that stopped.
  const list = known?.map((b, i) => {
    const q = polled[i];
    return q?.data && q.dataUpdatedAt >= listQuery.dataUpdatedAt ? q.data : b;
  });

  const error = listQuery.error
    ? messageOf(listQuery.error)
    : fetchLinked && linkedQuery.isError
      ? 'The batch in the address was not found for this template'
      : '';

  const open = useCallback((id: string | null) => {
    setOpenId(id);
    setBatchInUrl(id);
  }, []);
  const add = useCallback(
    (b: BatchDetail) => {
      const key = keys.list(templateId);
      // A list fetch in flight was asked before this batch existed: cancel it so its answer cannot drop the batch.
      void queryClient.cancelQueries({ queryKey: key }).then(() => {
        // The list's old time stays: the other rows are no fresher than before, so their polls keep winning.
        const updatedAt = queryClient.getQueryState(key)?.dataUpdatedAt || undefined;
        queryClient.setQueryData<BatchDetail[]>(key, (old) => [b, ...(old ?? []).filter((x) => x.id !== b.id)], {
          updatedAt,
        });
      });
      open(b.id);
    },
    [queryClient, templateId, open],
  );
  return { list: list ?? null, openId, error, open, add };
}

const messageOf = (err: unknown) => (err instanceof ApiError ? err.message : String(err));
