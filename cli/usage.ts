import type { CommandSpec, OptionSpec } from './args.ts';

/**
 * Every command's options and examples. The parser reads these same records, so `--help` cannot miss a flag that
 * the parser accepts, nor list one it refuses.
 */
const HELP: OptionSpec = { name: 'help', short: 'h', help: ['show this help'] };

export const RUN: CommandSpec = {
  name: 'run',
  synopsis: ['run <graph.json> [options]', 'run --template <name|id> [options]'],
  summary: 'run a graph or a saved template; --preview for a free run on the built-in local engine',
  about:
    "Runs a graph without the UI, on the server's engine and data folder (so its cache is shared).\n" +
    'Exit 0 only when the run completes; 1 when it fails or is refused; 2 when the command line or graph file is unusable.',
  positional: 'graph.json',
  options: [
    {
      name: 'set',
      value: '<node>.<param>=<value>',
      expects: 'node.param=value',
      multiple: true,
      help: [
        'set a node parameter (repeatable); values are JSON when they parse:',
        'seed=42 is a number, prompt=a cat is text',
      ],
    },
    {
      name: 'input',
      value: '<name>=<value>',
      expects: 'name=value',
      multiple: true,
      help: ['set a template input (repeatable)'],
    },
    {
      name: 'template',
      value: '<name|id>',
      expects: 'a template name or id',
      help: ['run a template saved from the editor (by name or id) instead of a graph file'],
    },
    {
      name: 'budget',
      value: '<usd>',
      expects: 'a number of USD',
      help: ['refuse the run when its estimate is above this many USD'],
    },
    {
      name: 'reroll',
      value: '<node>',
      expects: 'a node id',
      multiple: true,
      help: [
        'generate this node anew instead of using the cache (repeatable); a generation',
        'node makes one take more with a new seed, and the run prints that seed: keep',
        'the new video with --set <node>.seed=<seed> (served from the cache, free)',
      ],
    },
    {
      name: 'preview',
      help: [
        'a free preview on the built-in local engine, even when FAL_KEY is set:',
        "ffmpeg renders that show the chain's wiring and timing, not Pika videos",
      ],
    },
    {
      name: 'resubmit',
      value: '<node>',
      expects: 'a node id',
      multiple: true,
      help: [
        'submit again a node whose earlier submit may have reached fal',
        '(state "uncertain"; repeatable) — may cost twice',
      ],
    },
    HELP,
  ],
  examples: [
    { cmd: 'pikaflow run examples/story-continuation.json --set t2v.seed=7' },
    {
      cmd: 'pikaflow run examples/story-continuation.json --preview',
      note: 'free, on the local engine, even with FAL_KEY',
    },
    { cmd: 'pikaflow run --template "Story continuation" --input opening="A fox in the snow" --budget 1.5' },
    {
      cmd: 'pikaflow run examples/story-continuation.json --reroll t2v',
      note: 'a new take of t2v instead of its cached video (nodes after it follow); prints its seed to keep',
    },
    {
      cmd: 'pikaflow run examples/story-continuation.json --resubmit t2v',
      note: 'after "a job may exist on fal": may cost twice (after "no answer from the preview engine": free)',
    },
  ],
};

export const VALIDATE: CommandSpec = {
  name: 'validate',
  synopsis: ['validate <graph.json>'],
  summary: 'check a graph: problems, or execution order and estimated cost',
  about:
    'Checks a graph without running it: problems and exit 1, or the execution order and estimated cost and exit 0.',
  positional: 'graph.json',
  options: [HELP],
  examples: [{ cmd: 'pikaflow validate examples/image-to-video-swaps.json' }],
};

export const COMMANDS = [VALIDATE, RUN];

const ENVIRONMENT =
  'environment: FAL_KEY (paid runs on fal.ai), LOCAL_FAL_URL (a local fal engine already running), DATA_DIR, MEDIA_DIR';

function table(rows: [string, string[]][], indent = '  '): string[] {
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.flatMap(([left, lines]) =>
    lines.map((line, i) => `${indent}${(i ? '' : left).padEnd(width)}${line}`.trimEnd()),
  );
}

function optionRows(spec: CommandSpec): string[] {
  return table(
    spec.options.map((o) => [`${o.short ? `-${o.short}, ` : ''}--${o.name}${o.value ? ` ${o.value}` : ''}`, o.help]),
  );
}

function exampleRows(spec: CommandSpec): string[] {
  return spec.examples.flatMap((e) => [`  ${e.cmd}`, ...(e.note ? [`      ${e.note}`] : [])]);
}

/** `pikaflow <command> --help`. */
export function commandUsage(spec: CommandSpec): string {
  const usage = spec.synopsis.map((s, i) => `${i ? '       ' : 'usage: '}pikaflow ${s}`);
  const env = spec.name === 'run' ? ['', ENVIRONMENT] : [];
  return [
    ...usage,
    '',
    spec.about,
    '',
    'options:',
    ...optionRows(spec),
    '',
    'examples:',
    ...exampleRows(spec),
    ...env,
  ].join('\n');
}

/** `pikaflow --help`: every command, then every command's options and examples, so one page is the whole reference. */
export const MAIN_USAGE = [
  'usage: pikaflow <command> [options]',
  '',
  'commands:',
  ...table([
    ...COMMANDS.flatMap((c) => c.synopsis.map((s, i): [string, string[]] => [s, [i ? '' : c.summary]])),
    ['help [command]', ["show this help, or one command's"]],
  ]),
  ...COMMANDS.flatMap((c) => ['', `${c.name} options:`, ...optionRows(c)]),
  '',
  'examples:',
  ...COMMANDS.flatMap(exampleRows),
  '',
  ENVIRONMENT,
  "pikaflow <command> --help shows one command's help.",
].join('\n');

export const RUN_USAGE = commandUsage(RUN);
export const VALIDATE_USAGE = commandUsage(VALIDATE);

export const isHelp = (arg: string | undefined) => arg === '--help' || arg === '-h';
