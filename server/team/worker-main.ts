import { loadEnv } from '../env.ts';
import { optionsFromEnv } from '../start-server.ts';
import { databaseProblem } from './database-words.ts';
import { startWorker } from './worker.ts';

/** `npm run worker`: one worker of a team server, configured by the same env vars as the API (DATABASE_URL required). */
async function main() {
  let env: ReturnType<typeof loadEnv>;
  try {
    env = loadEnv();
    if (!env.DATABASE_URL)
      throw new Error(
        "Bad configuration:\n  DATABASE_URL: a worker needs the team's Postgres (the same DATABASE_URL as the API)",
      );
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const worker = await startWorker({
    ...optionsFromEnv(env),
    databaseUrl: env.DATABASE_URL,
    workerConcurrency: env.WORKER_CONCURRENCY,
  }).catch((err) => {
    const words = databaseProblem(err, env.DATABASE_URL);
    if (!words) throw err;
    console.error(words);
    process.exit(2);
  });
  console.log(
    `pikaflow worker ready: ${env.WORKER_CONCURRENCY} run(s) at a time, ${env.CONCURRENCY} fal job(s) across the team`,
  );

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: stopping (this worker's runs go back to the queue for another worker)`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    worker.close().then(
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

void main();
