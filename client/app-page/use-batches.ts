import { useCallback, useEffect, useState } from 'react';
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
  const [list, setList] = useState<BatchDetail[] | null>(null);
  const [openId, setOpenId] = useState<string | null>(batchInUrl);
  const [error, setError] = useState('');

  useEffect(() => {
    let live = true;
    const wanted = batchInUrl();
    void appApi.batches(templateId).then(async (all) => {
      // The list stops at the newest 100; a linked older batch is fetched on its own so the link still works.
      if (wanted && !all.some((b) => b.id === wanted)) {
        try {
          all = [await appApi.batch(templateId, wanted), ...all];
        } catch {
          if (live) setError('The batch in the address was not found for this template');
        }
      }
      if (live) setList(all);
    }, (err) => live && setError(err instanceof ApiError ? err.message : String(err)));
    return () => { live = false; };
  }, [templateId]);

  const pending = (list ?? []).filter((b) => !batchFinished(b)).map((b) => b.id).join(',');
  useEffect(() => {
    if (!pending) return;
    const t = setTimeout(() => {
      void Promise.all(pending.split(',').map((id) => appApi.batch(templateId, id).catch(() => null))).then((fresh) => {
        const byId = new Map(fresh.filter((b): b is BatchDetail => !!b).map((b) => [b.id, b]));
        // Merge by id: a batch added while this request was out must not be dropped.
        setList((old) => old && old.map((b) => byId.get(b.id) ?? b));
      });
    }, POLL_MS);
    return () => clearTimeout(t);
  }, [templateId, pending, list]);

  const open = useCallback((id: string | null) => {
    setOpenId(id);
    setBatchInUrl(id);
  }, []);
  const add = useCallback((b: BatchDetail) => {
    setList((old) => [b, ...(old ?? []).filter((x) => x.id !== b.id)]);
    open(b.id);
  }, [open]);
  return { list, openId, error, open, add };
}
