import { create } from 'zustand';
import type { ServerConfig } from '../shared/api.ts';
import type { EngineKind } from '../shared/events.ts';
import { api } from './api.ts';

/**
 * The server's answer to "where do runs go?", asked once per page: the run bar, the shortcuts, the run controller and
 * the form page all need it, and it cannot change while the server runs.
 */
export const useServerConfig = create<{ config: ServerConfig | null }>()(() => ({ config: null }));

let asked: Promise<ServerConfig> | null = null;

/** Fetches the config once; later calls share the first answer. A failure is retried by the next call. */
export function loadServerConfig(): Promise<ServerConfig> {
  asked ??= api.config().then(
    (config) => {
      useServerConfig.setState({ config });
      return config;
    },
    (err: unknown) => {
      asked = null;
      throw err;
    },
  );
  return asked;
}

/** The engine a plain Run uses: without a FAL_KEY every run is a free preview on the built-in engine. */
export function plainRunEngine(): EngineKind {
  return useServerConfig.getState().config?.localEngine ? 'local' : 'fal';
}
