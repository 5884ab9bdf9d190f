import pg from 'pg';

/** The channels a team server's processes talk on (Postgres LISTEN/NOTIFY). */
export const CHANNELS = {
  /** `<runId> <seq>`: an event was stored; API processes following that run read it from the store. */
  events: 'pikaflow_events',
  /** `<requestId>`: fal's webhook arrived at some API process; the worker polling that request wakes. */
  webhook: 'pikaflow_webhook',
  /** `<runId>`: someone asked to cancel; the worker holding the run cancels it. */
  cancel: 'pikaflow_cancel',
  /** A cluster slot was given back: waiters try again at once instead of at their next poll. */
  slot: 'pikaflow_slot',
} as const;
export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];

/**
 * One dedicated connection that LISTENs on every channel, plus NOTIFY through it. Notifications are a wake-up, not
 * the data: whoever is woken reads the store, so a lost notification only delays (each user also has a fallback).
 * A dropped connection is opened again (with its LISTENs), so a Postgres restart does not leave a process deaf.
 */
export async function openBus(connectionString: string) {
  const handlers = new Map<string, Set<(payload: string) => void>>();
  let client: pg.Client | undefined;
  let closed = false;
  let sending: Promise<unknown> = Promise.resolve();

  async function connect(): Promise<pg.Client> {
    const c = new pg.Client({ connectionString });
    c.on('notification', (n) => {
      for (const fn of handlers.get(n.channel) ?? []) fn(n.payload ?? '');
    });
    c.on('error', () => {}); // 'end' follows and reconnects.
    c.on('end', () => {
      if (closed) return;
      client = undefined;
      setTimeout(() => void connect().catch(() => {}), 500).unref();
    });
    await c.connect();
    for (const ch of Object.values(CHANNELS)) await c.query(`LISTEN ${ch}`);
    client = c;
    return c;
  }
  await connect();

  return {
    on(channel: Channel, fn: (payload: string) => void): () => void {
      let set = handlers.get(channel);
      if (!set) handlers.set(channel, (set = new Set()));
      set.add(fn);
      return () => set.delete(fn);
    },
    /** Fire and forget: a notification that cannot be sent is a wake-up missed, which every listener tolerates. */
    notify(channel: Channel, payload: string) {
      // One query at a time on the connection (pg deprecates overlapping ones); order kept, as NOTIFY's is.
      sending = sending.then(() => client?.query('SELECT pg_notify($1, $2)', [channel, payload])).catch(() => {});
    },
    async close() {
      closed = true;
      await sending;
      await client?.end().catch(() => {});
    },
  };
}

export type Bus = Awaited<ReturnType<typeof openBus>>;
