import { resolve } from 'node:path';
import { describeEngines } from './engine-banner.ts';
import { loadEnv } from './env.ts';
import { optionsFromEnv, startServer } from './start-server.ts';
import { orSayDatabase, stopOnSignals } from './process-life.ts';

/** Entry point (`npm start`): config from env, fail fast, serve the built client, shut down cleanly. */
async function main() {
  let env: ReturnType<typeof loadEnv>;
  try {
    env = loadEnv();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const server = await orSayDatabase(
    startServer({ ...optionsFromEnv(env), clientDir: resolve('dist/client') }),
    env.DATABASE_URL,
  );
  // The CLI says the same lines: with FAL_KEY and LOCAL_FAL_URL both set, paid runs go to fal and only previews stay local.
  for (const line of describeEngines({
    falKey: env.FAL_KEY,
    localFalUrl: env.LOCAL_FAL_URL,
    builtInUrl: server.localFal?.url,
  }))
    console.log(line);
  const resumed = server.store.runs.unfinished().length;
  if (env.DATABASE_URL) {
    console.log(
      'Team server API on Postgres: runs wait in the shared queue until a worker takes them (npm run worker).',
    );
    if (resumed) console.log(`${resumed} unfinished run(s) in the team queue.`);
  } else if (resumed) console.log(`Resuming ${resumed} unfinished run(s).`);
  console.log(`pikaflow listening on ${server.url}`);

  stopOnSignals(() => server.close(), 'runs in progress resume on the next start', 10_000);
}

void main();
