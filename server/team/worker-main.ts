import { loadEnv } from '../env.ts';
import { optionsFromEnv } from '../start-server.ts';
import { orSayDatabase, stopOnSignals } from '../process-life.ts';
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
  const worker = await orSayDatabase(
    startWorker({ ...optionsFromEnv(env), databaseUrl: env.DATABASE_URL, workerConcurrency: env.WORKER_CONCURRENCY }),
    env.DATABASE_URL,
  );
  console.log(
    `pikaflow worker ready: ${env.WORKER_CONCURRENCY} run(s) at a time, ${env.CONCURRENCY} fal job(s) across the team`,
  );

  stopOnSignals(() => worker.close(), "this worker's runs go back to the queue for another worker", 15_000);
}

void main();
