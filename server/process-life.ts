import { databaseProblem } from './team/database-words.ts';

/**
 * How a long-running process (`npm start`, `npm run worker`) starts and stops: a start that fails on the team
 * database says what to fix and exits 2 (anything else is thrown as it is); SIGINT/SIGTERM close it once, saying what
 * happens to its runs, and a close that hangs is cut after `graceMs`.
 */
export function orSayDatabase<T>(starting: Promise<T>, databaseUrl: string | undefined): Promise<T> {
  return starting.catch((err: unknown) => {
    const words = databaseProblem(err, databaseUrl);
    if (!words) throw err;
    console.error(words);
    process.exit(2);
  });
}

export function stopOnSignals(close: () => Promise<void>, saying: string, graceMs: number) {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: stopping (${saying})`);
    const force = setTimeout(() => process.exit(1), graceMs);
    force.unref();
    close().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
