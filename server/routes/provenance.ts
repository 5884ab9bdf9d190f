import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { GraphSchema } from '../../shared/graph.ts';
import { upgradeStoredGraph } from '../../shared/graph-migrate.ts';
import { sniffMedia } from '../http/sniff.ts';
import { zodProblems } from '../http/validate.ts';
import { readProvenance } from '../media/provenance.ts';

const problem = (message: string) => ({ error: message, problems: [{ code: 'invalid-body', field: 'file', message }] });

/**
 * "What made this?": a dropped MP4 answers with the provenance it carries (graph, run id, fal request ids, cost); a
 * dropped graph JSON answers with the parsed graph, so the editor opens either the same way.
 */
export function provenanceRoutes(maxBytes: number) {
  const tooBig = problem(`The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);
  return new Hono().post(
    '/',
    bodyLimit({ maxSize: maxBytes + 64 * 1024, onError: (c) => c.json(tooBig, 413) }),
    async (c) => {
      const form = await c.req.parseBody().catch(() => undefined);
      const file = form?.file;
      if (!(file instanceof File))
        return c.json(problem('Send the MP4 or graph JSON as multipart form field "file"'), 400);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const sniffed = sniffMedia(bytes);
      if (sniffed?.type === 'video/mp4' || sniffed?.type === 'video/quicktime') {
        const dir = await mkdtemp(join(tmpdir(), 'pikaflow-prov-'));
        try {
          await writeFile(join(dir, 'in.mp4'), bytes);
          // The sidecar only exists beside our own copy; an uploaded file answers for itself from its tag alone.
          const found = await readProvenance(join(dir, 'in.mp4'));
          if (!found)
            return c.json(
              problem(
                'This video carries no pikaflow provenance (it was not made by a pikaflow run, or its metadata was stripped)',
              ),
              400,
            );
          // A video made before a graph format change carries the older graph: it opens as the current one.
          return c.json({ ...found, graph: upgradeStoredGraph(found.graph) });
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }
      if (sniffed)
        return c.json(
          problem(`A ${sniffed.type} file carries no graph; drop an MP4 made by pikaflow or a graph JSON`),
          415,
        );
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      } catch {
        return c.json(problem('Not an MP4 and not JSON: drop an MP4 made by pikaflow or a graph JSON'), 415);
      }
      const parsed = GraphSchema.safeParse(json);
      if (!parsed.success) {
        const problems = zodProblems(parsed.error, json);
        return c.json({ error: `Not a pikaflow graph: ${problems[0]?.message ?? 'invalid'}`, problems }, 400);
      }
      return c.json({ graph: parsed.data });
    },
  );
}
