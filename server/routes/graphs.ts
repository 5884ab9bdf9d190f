import { Hono } from 'hono';
import { CreateGraphBody, SaveGraphBody } from '../../shared/api.ts';
import type { Problem } from '../../shared/validate.ts';
import type { Store } from '../store/index.ts';
import { StaleVersionError } from '../store/graphs-store.ts';
import { jsonBody } from '../http/validate.ts';

/**
 * Graphs (templates). Saving never overwrites silently: an update names the version it was based on, and a stale one
 * gets 409 with the current version. Incomplete graphs can be saved (work in progress); runs validate fully.
 */
export function graphRoutes(store: Store) {
  const latestPreview = (graphId: string) => {
    const run = store.runs.list({ graphId, limit: 5 }).find((r) => r.status === 'completed');
    return (
      run &&
      Object.values(store.runs.nodes(run.id).flatMap((n) => Object.values(n.outputs ?? {}))).find(
        (v) => typeof v === 'string' && v.startsWith('/media/'),
      )
    );
  };
  return new Hono()
    .get('/', (c) => c.json(store.graphs.list(latestPreview)))
    .post('/', jsonBody(CreateGraphBody), (c) => {
      const { name, graph, adoptRuns = [] } = c.req.valid('json');
      const who = c.get('who');
      // A signed-in person adopts only their own runs; checked before anything is written.
      const theirs = who ? adoptRuns.filter((id) => (store.runs.get(id)?.createdBy ?? who) !== who) : [];
      try {
        if (theirs.length) throw new RunsNotAdoptable(theirs);
        // One transaction: the template and its adopted runs are saved together, or neither is.
        const saved = store.db.transaction(() => {
          const created = store.graphs.create(name, graph, who);
          const refused = store.runs.adopt(created.id, adoptRuns);
          if (refused.length) throw new RunsNotAdoptable(refused);
          return created;
        })();
        return c.json(saved, 201);
      } catch (err) {
        if (!(err instanceof RunsNotAdoptable)) throw err;
        return c.json({ error: err.message, problems: err.problems }, 409);
      }
    })
    .get('/:id', (c) => {
      const g = store.graphs.get(c.req.param('id'));
      return g ? c.json(g) : c.json({ error: 'No such graph' }, 404);
    })
    .put('/:id', jsonBody(SaveGraphBody), (c) => {
      const { name, graph, baseVersion } = c.req.valid('json');
      if (baseVersion === undefined)
        return c.json(
          {
            error: 'baseVersion is required to update (the version this save is based on)',
            problems: [{ code: 'invalid-body', field: 'baseVersion', message: 'baseVersion is required' }],
          },
          400,
        );
      try {
        const saved = store.graphs.update(c.req.param('id'), name, graph, baseVersion, c.get('who'));
        return saved ? c.json(saved) : c.json({ error: 'No such graph' }, 404);
      } catch (err) {
        if (err instanceof StaleVersionError) return c.json({ error: err.message, currentVersion: err.current }, 409);
        throw err;
      }
    })
    .delete('/:id', (c) =>
      store.graphs.delete(c.req.param('id')) ? c.body(null, 204) : c.json({ error: 'No such graph' }, 404),
    )
    .get('/:id/versions', (c) => {
      const id = c.req.param('id');
      return store.graphs.get(id) ? c.json(store.graphs.versions(id)) : c.json({ error: 'No such graph' }, 404);
    })
    .get('/:id/versions/:version', (c) => {
      const v = Number(c.req.param('version'));
      const g = Number.isInteger(v) ? store.graphs.version(c.req.param('id'), v) : undefined;
      return g ? c.json(g) : c.json({ error: 'No such version' }, 404);
    });
}

/** Runs a new template may not take: unknown, already another template's, or started by someone else. */
class RunsNotAdoptable extends Error {
  readonly problems: Problem[];
  constructor(readonly runIds: string[]) {
    super(
      `Run ${runIds.join(', ')} cannot join this template (unknown, or already another template's or another person's); nothing was saved`,
    );
    this.problems = runIds.map((id) => ({
      code: 'run-not-adoptable',
      field: 'adoptRuns',
      message: `run ${id} cannot join this template`,
    }));
  }
}
