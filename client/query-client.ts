import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api.ts';

/** One cache per page, so the same question asked by two components is one request. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx is the server's answer and asking again will not change it; a lost connection or a 5xx may pass.
      retry: (failures, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && failures < 2,
    },
  },
});
