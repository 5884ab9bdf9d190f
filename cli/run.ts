import { CliError } from './load-graph.ts';

/** Placeholder until the engine lands: see issue 4. */
export async function runCommand(_args: string[]): Promise<number> {
  throw new CliError('run is not available yet');
}
