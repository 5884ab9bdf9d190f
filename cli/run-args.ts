import { parseCommand } from './args.ts';
import { CliError } from './load-graph.ts';
import { RUN } from './usage.ts';

export interface RunArgs {
  file?: string;
  template?: string;
  /** `--set node.param=value`, in order. */
  sets: { node: string; param: string; value: unknown }[];
  /** `--input name=value` (template inputs). */
  inputs: Record<string, unknown>;
  budget?: number;
  reroll: string[];
  /** `--preview`: run on the built-in local engine even when FAL_KEY is set (free). */
  preview: boolean;
  /** `--resubmit <node>`: nodes whose unknown-outcome submit may be sent again. */
  resubmit: string[];
  /** `--help` / `-h`: print usage, run nothing. */
  help: boolean;
}

/** JSON when it parses (numbers, booleans, arrays), else the raw text: `seed=42` is a number, `prompt=a cat` text. */
function value(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function pair(arg: string, flag: string, form: string): [string, string] {
  const eq = arg.indexOf('=');
  if (eq < 1) throw new CliError(`${flag} expects ${form}, got "${arg}"`);
  return [arg.slice(0, eq), arg.slice(eq + 1)];
}

/** `pikaflow run` arguments: tokenised against the RUN spec (the one `--help` prints), then given meaning here. */
export function parseRunArgs(argv: string[]): RunArgs {
  const parsed = parseCommand(RUN, argv);
  const out: RunArgs = { sets: [], inputs: {}, reroll: [], preview: false, resubmit: [], help: parsed.help };
  if (parsed.help) return out;
  const all = (name: string) => parsed.values.get(name) ?? [];
  const one = (name: string) => parsed.values.get(name)?.[0];
  for (const raw of all('set')) {
    const [key, text] = pair(raw, '--set', 'node.param=value');
    const dot = key.indexOf('.');
    if (dot < 1 || dot === key.length - 1) throw new CliError(`--set expects node.param=value, got "${key}"`);
    out.sets.push({ node: key.slice(0, dot), param: key.slice(dot + 1), value: value(text) });
  }
  for (const raw of all('input')) {
    const [name, text] = pair(raw, '--input', 'name=value');
    out.inputs[name] = value(text);
  }
  out.file = parsed.positionals[0];
  out.template = one('template');
  const budget = one('budget');
  if (budget !== undefined) {
    out.budget = Number(budget);
    // Number('') is 0: an empty `--budget=` must not become a zero budget that refuses every paid run silently.
    if (budget.trim() === '' || !Number.isFinite(out.budget) || out.budget < 0)
      throw new CliError(`--budget expects a number of USD, got "${budget}"`);
  }
  out.reroll = all('reroll');
  out.resubmit = all('resubmit');
  out.preview = parsed.values.has('preview');
  if (!out.file === !out.template)
    throw new CliError(
      `${out.file ? 'give a graph file or --template, not both' : 'nothing to run'}: pikaflow run <graph.json> | --template <name> [options] (pikaflow run --help lists them)`,
    );
  return out;
}
