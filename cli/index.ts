import { CliError } from './load-graph.ts';
import { parseRunArgs } from './run-args.ts';
import { COMMANDS, commandUsage, isHelp, MAIN_USAGE, RUN_USAGE } from './usage.ts';
import { validateCommand } from './validate.ts';

/** pikaflow command line: `validate <graph.json>`, `run <graph.json> | --template <name> [options]`, `help [command]`. */
const commands: Record<string, (args: string[]) => number | Promise<number>> = {
  validate: (args) => validateCommand(args),
  run: async (argv) => {
    const args = parseRunArgs(argv);
    if (args.help) {
      console.log(RUN_USAGE);
      return 0;
    }
    // Loaded only now: run pulls in the whole server, which `--help` and a usage error do not need.
    return (await import('./run.ts')).runCommand(args);
  },
};

const names = COMMANDS.map((c) => c.name).join(', ');

function main(argv: string[]): number | Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || isHelp(name)) {
    // Bare `pikaflow` is a usage error (exit 2) that still shows the whole reference.
    (name ? console.log : console.error)(MAIN_USAGE);
    return name ? 0 : 2;
  }
  if (name === 'help') {
    const spec = COMMANDS.find((c) => c.name === rest[0]);
    if (rest[0] && !spec) throw new CliError(`help: no command "${rest[0]}" (commands: ${names})`);
    console.log(spec ? commandUsage(spec) : MAIN_USAGE);
    return 0;
  }
  if (name.startsWith('-'))
    throw new CliError(`unknown option ${name}: pikaflow takes a command first (${names}), or -h/--help`);
  const command = commands[name];
  if (!command) throw new CliError(`unknown command "${name}" (commands: ${names}; pikaflow --help lists them)`);
  return command(rest);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof CliError)) throw err;
  console.error(`pikaflow: ${err.message}`);
  process.exitCode = 2;
}
