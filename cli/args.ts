import { parseArgs } from 'node:util';
import { CliError } from './load-graph.ts';

/** One option of a command. The same record feeds `parseArgs`, the help text and the "accepted are" list. */
export interface OptionSpec {
  name: string;
  short?: string;
  /** Placeholder of the value in help (`<usd>`); absent for a flag that takes none. */
  value?: string;
  /** What a missing or odd value should have been, in the error: `--budget expects a number of USD`. */
  expects?: string;
  multiple?: boolean;
  help: string[];
}

export interface CommandSpec {
  name: string;
  /** Usage lines after `pikaflow `, e.g. `run <graph.json> [options]`. */
  synopsis: string[];
  /** One line for the command list of `pikaflow --help`. */
  summary: string;
  about: string;
  /** Name of the positional argument; none when absent. */
  positional?: string;
  options: OptionSpec[];
  examples: { cmd: string; note?: string }[];
}

export interface ParsedArgs {
  /** Values by option name, in the order given (`['']` for a flag). */
  values: Map<string, string[]>;
  positionals: string[];
  help: boolean;
}

const flag = (o: OptionSpec) => `--${o.name}`;

/** `--set, --input, …, -h/--help`: what an unknown option is told the command accepts. */
export function acceptedList(spec: CommandSpec): string {
  return spec.options.map((o) => (o.short ? `-${o.short}/${flag(o)}` : flag(o))).join(', ');
}

/**
 * Tokenises with `node:util` `parseArgs` (so `--set=a.b=1`, `-h` and the `--` terminator behave as everywhere else),
 * then checks each token against the spec ourselves: non-strict tokens let every error name the option and say what
 * it expects, instead of Node's generic wording.
 */
export function parseCommand(spec: CommandSpec, argv: string[]): ParsedArgs {
  const options = Object.fromEntries(
    spec.options.map((o) => [
      o.name,
      {
        type: o.value ? ('string' as const) : ('boolean' as const),
        multiple: true,
        ...(o.short ? { short: o.short } : {}),
      },
    ]),
  );
  const { tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  const byName = new Map(spec.options.map((o) => [o.name, o]));
  const out: ParsedArgs = { values: new Map(), positionals: [], help: false };
  // Help wins over any other mistake on the line: someone asking for help is told how, not what they got wrong.
  if (tokens.some((t) => t.kind === 'option' && t.name === 'help' && byName.has('help'))) return { ...out, help: true };
  const hint = `pikaflow ${spec.name} --help lists them`;
  for (const t of tokens) {
    if (t.kind === 'option-terminator') continue;
    if (t.kind === 'positional') {
      if (spec.positional && out.positionals.length === 0) out.positionals.push(t.value);
      else throw new CliError(`unexpected argument "${t.value}" (${hint})`);
      continue;
    }
    const o = byName.get(t.name);
    if (!o)
      throw new CliError(`unknown option ${t.rawName}: pikaflow ${spec.name} accepts ${acceptedList(spec)} (${hint})`);
    if (!o.value) {
      if (t.value !== undefined) throw new CliError(`${flag(o)} takes no value, got "${t.value}"`);
      out.values.set(o.name, [...(out.values.get(o.name) ?? []), '']);
      continue;
    }
    // `--reroll --preview` would make "--preview" the node id; a value that starts with a dash must be written inline.
    if (t.value === undefined || (!t.inlineValue && t.value.startsWith('-'))) {
      const known = spec.options.some((x) => t.value === flag(x) || t.value === `-${x.short}`);
      const got =
        t.value === undefined
          ? ''
          : known
            ? `, got the option ${t.value}`
            : `, got "${t.value}" (a value that starts with "-" is written ${flag(o)}=${t.value})`;
      throw new CliError(`${flag(o)} expects ${o.expects ?? o.value}${got}`);
    }
    const prior = out.values.get(o.name) ?? [];
    if (prior.length && !o.multiple) throw new CliError(`${flag(o)} given twice; it is not repeatable`);
    out.values.set(o.name, [...prior, t.value]);
  }
  return out;
}
