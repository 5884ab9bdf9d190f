// The worker thread's entry, in plain JS: on Node 20 a worker thread does not inherit the parent's `--import tsx`
// hooks and ignores `--import tsx` in its own execArgv (both tried: "Unknown file extension .ts"), and vitest's
// transform does not reach worker threads either. tsx's own API loads the TypeScript worker in any of those cases.
import { tsImport } from 'tsx/esm/api';

await tsImport('./pg-worker.ts', import.meta.url);
