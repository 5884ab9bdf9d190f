import { resolve } from 'node:path';
import { loadEnv } from './env.ts';
import { optionsFromEnv, startServer } from './start-server.ts';

/** Entry point (`npm start`): config from env, fail fast, serve the built client, shut down cleanly. */
async function main() {
  let env;
  try {
    env = loadEnv();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const server = await startServer({ ...optionsFromEnv(env), clientDir: resolve('dist/client') });
  if (server.localFal)
    console.log(`No FAL_KEY: runs go to the built-in local fal engine (${server.localFal.url}). They are local previews, not Pika videos, and cost nothing.`);
  else if (env.LOCAL_FAL_URL)
    console.log(`Runs go to the local fal engine at ${env.LOCAL_FAL_URL} (local previews, no cost).`);
  else console.log('FAL_KEY is set: runs go to fal.ai and cost money.');
  const resumed = server.store.runs.unfinished().length;
  if (resumed) console.log(`Resuming ${resumed} unfinished run(s).`);
  console.log(`pikaflow listening on ${server.url}`);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: stopping (runs in progress resume on the next start)`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close().then(() => process.exit(0), (err) => {
      console.error(err);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
