import { CliError } from './load-graph.ts';
import { isHelp } from './usage.ts';

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

function pair(arg: string | undefined, flag: string): [string, string] {
  const eq = arg?.indexOf('=') ?? -1;
  if (!arg || eq < 1) throw new CliError(`${flag} expects key=value, got "${arg ?? ''}"`);
  return [arg.slice(0, eq), arg.slice(eq + 1)];
}

function needs(arg: string | undefined, flag: string): string {
  if (!arg || arg.startsWith('--')) throw new CliError(`${flag} expects a node id`);
  return arg;
}

export function parseRunArgs(argv: string[]): RunArgs {
  const out: RunArgs = { sets: [], inputs: {}, reroll: [], preview: false, resubmit: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--set') {
      const [key, raw] = pair(argv[++i], '--set');
      const dot = key.indexOf('.');
      if (dot < 1) throw new CliError(`--set expects node.param=value, got "${key}"`);
      out.sets.push({ node: key.slice(0, dot), param: key.slice(dot + 1), value: value(raw) });
    } else if (arg === '--input') {
      const [name, raw] = pair(argv[++i], '--input');
      out.inputs[name] = value(raw);
    } else if (arg === '--template') out.template = argv[++i];
    else if (arg === '--budget') out.budget = Number(argv[++i]);
    else if (arg === '--reroll') out.reroll.push(needs(argv[++i], '--reroll'));
    else if (arg === '--resubmit') out.resubmit.push(needs(argv[++i], '--resubmit'));
    else if (arg === '--preview') out.preview = true;
    else if (isHelp(arg)) return { ...out, help: true };
    else if (arg.startsWith('-')) throw new CliError(`unknown option ${arg} (pikaflow run --help lists them)`);
    else if (!out.file) out.file = arg;
    else throw new CliError(`unexpected argument "${arg}"`);
  }
  if (!out.file === !out.template) throw new CliError('usage: pikaflow run <graph.json> | --template <name> [options] (pikaflow run --help lists them)');
  if (out.budget !== undefined && !(out.budget >= 0)) throw new CliError('--budget expects a number of USD');
  return out;
}
