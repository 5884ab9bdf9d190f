import type { NodeOutputs } from '../../shared/define-node.ts';
import type { EngineKind } from '../../shared/events.ts';
import { now, type Db } from './db.ts';

/**
 * Fingerprint → result: outputs by content (`/media/<sha256>.<ext>`, so a cached result feeds a new node after any
 * restart), what it cost and which engine made it (the engine is also part of the fingerprint).
 */
export function cacheStore(db: Db) {
  return {
    get(fingerprint: string): { outputs: NodeOutputs; cost: number } | undefined {
      const r = db.prepare('SELECT outputs, cost FROM cache WHERE fingerprint = ?').get(fingerprint) as
        | { outputs: string; cost: number }
        | undefined;
      return r && { outputs: JSON.parse(r.outputs) as NodeOutputs, cost: r.cost };
    },
    has(fingerprint: string): boolean {
      return db.prepare('SELECT 1 FROM cache WHERE fingerprint = ?').get(fingerprint) !== undefined;
    },
    put(fingerprint: string, nodeType: string, outputs: NodeOutputs, cost: number, engine?: EngineKind) {
      db.prepare(
        `INSERT INTO cache (fingerprint, node_type, outputs, cost, created_at, engine) VALUES (?, ?, ?, ?, ?, ?)
          ON CONFLICT (fingerprint) DO UPDATE SET node_type = excluded.node_type, outputs = excluded.outputs,
          cost = excluded.cost, created_at = excluded.created_at, engine = excluded.engine`,
      ).run(fingerprint, nodeType, JSON.stringify(outputs), cost, now(), engine ?? null);
    },
  };
}

export type CacheStore = ReturnType<typeof cacheStore>;

/** A URL a file was fetched from or first published at → the kept file (`<sha256>.<ext>` in the media store). */
export function mediaStore(db: Db) {
  return {
    fileFor(url: string): string | undefined {
      return db.prepare('SELECT file FROM media WHERE url = ?').pluck().get(url) as string | undefined;
    },
    put(url: string, file: string, contentType: string | undefined, size: number) {
      db.prepare(`INSERT INTO media (url, file, content_type, size, created_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (url) DO UPDATE SET file = excluded.file, content_type = excluded.content_type,
        size = excluded.size, created_at = excluded.created_at`).run(url, file, contentType ?? null, size, now());
    },
  };
}

/** Not the media store itself (server/media-store): only which URL became which kept file. */
export type MediaUrls = ReturnType<typeof mediaStore>;
