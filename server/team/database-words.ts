/**
 * A failure to open the team's Postgres, in words that say what to fix, or undefined when `err` is something else.
 * The URL is shown without its password.
 */
export function databaseProblem(err: unknown, url: string | undefined): string | undefined {
  if (!url) return undefined;
  const e = err as { code?: string; message?: string };
  let where = url;
  try {
    const u = new URL(url);
    u.password = u.password ? '***' : '';
    where = u.toString();
  } catch {
    // shown as given
  }
  const head = `Cannot open the team database (DATABASE_URL=${where})`;
  switch (e.code) {
    case 'ECONNREFUSED':
      return `${head}: nothing answers there. Is Postgres running? To try pikaflow on one machine, "npm run postgres" starts one and prints its URL.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${head}: that host name does not resolve. Check the host in DATABASE_URL.`;
    case 'ETIMEDOUT':
      return `${head}: the connection timed out. Check the host, the port and any firewall between here and Postgres.`;
    case '28P01':
    case '28000':
      return `${head}: Postgres refused the user name or password in DATABASE_URL.`;
    case '3D000':
      return `${head}: that database does not exist. Create it (createdb), or point DATABASE_URL at one that does.`;
    default:
      return e.code && /^[0-9A-Z]{5}$/.test(e.code) ? `${head}: ${e.message}` : undefined;
  }
}
