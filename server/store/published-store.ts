import { now, type Db } from './db.ts';

/** Where a kept file (`<sha256>.<ext>`) was published for a target (fal, or one local engine's origin), and when. */
export function publishedStore(db: Db) {
  return {
    get(file: string, target: string): { url: string; createdAt: string } | undefined {
      const r = db.prepare('SELECT url, created_at FROM published WHERE file = ? AND target = ?').get(file, target) as
        | { url: string; created_at: string }
        | undefined;
      return r && { url: r.url, createdAt: r.created_at };
    },
    put(file: string, target: string, url: string) {
      db.prepare(`INSERT INTO published (file, target, url, created_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (file, target) DO UPDATE SET url = excluded.url, created_at = excluded.created_at`).run(
        file,
        target,
        url,
        now(),
      );
    },
    forget(file: string, target: string) {
      db.prepare('DELETE FROM published WHERE file = ? AND target = ?').run(file, target);
    },
  };
}

export type PublishedStore = ReturnType<typeof publishedStore>;
