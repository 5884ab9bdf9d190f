import { readFileSync } from 'node:fs';
import { GraphSchema, type Graph } from '../shared/graph.ts';

/** A one-line reason the CLI cannot go on (printed without a stack trace). */
export class CliError extends Error {}

/** Reads and parses a graph document, turning every failure into a one-line CliError. */
export function loadGraph(path: string | undefined): Graph {
  if (!path) throw new CliError('usage: pikaflow <validate|run> <graph.json>');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? String(err)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = GraphSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`${path}: not a pikaflow graph: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}
