import { skipToken, useQuery } from '@tanstack/react-query';
import type { TeamStatus } from '../../shared/api.ts';
import { api } from '../api.ts';
import { useServerConfig } from '../server-config.ts';

/** How often a waiting run asks whether a worker is there (a worker that starts is seen within this). */
const EVERY_MS = 3000;

/**
 * A team server's workers and queue, asked only while a run of this page is queued there: the run bar then says
 * whether the run waits its turn or waits for a worker nobody started, instead of a silent "Queued".
 */
export function useTeamStatus(waiting: boolean): TeamStatus | undefined {
  const team = useServerConfig((s) => !!s.config?.team);
  const { data } = useQuery({
    queryKey: ['team-status'],
    queryFn: team && waiting ? () => api.team() : skipToken,
    refetchInterval: EVERY_MS,
  });
  return team && waiting ? data : undefined;
}

/** What a queued run says: nobody is there to take it (and what to do), or how many runs are ahead of it. */
export function queuedWords(s: TeamStatus | undefined): { text: string; hint?: string } {
  if (!s) return { text: 'Queued' };
  if (s.workers === 0)
    return {
      text: 'Waiting for a worker',
      hint: 'No worker is running on this team server: start one with "npm run worker" (same DATABASE_URL and MEDIA_DIR).',
    };
  const ahead = Math.max(0, s.queued - 1);
  const workers = `${s.workers} ${s.workers === 1 ? 'worker' : 'workers'} busy`;
  return {
    text: ahead ? `Queued · ${ahead} ahead` : 'Queued · next',
    hint: `${workers}; ${s.running} run(s) in progress`,
  };
}
