import { CliError } from './load-graph.ts';
import { isHelp, MAIN_USAGE } from './usage.ts';
import { validateCommand } from './validate.ts';

/** pikaflow command line: `validate <graph.json>` and `run <graph.json> [--set node.param=value …]`. */
const commands: Record<string, (args: string[]) => number | Promise<number>> = {
  validate: (args) => validateCommand(args),
  run: async (args) => (await import('./run.ts')).runCommand(args),
};

const [name, ...rest] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (isHelp(name) || name === 'help') {
  console.log(MAIN_USAGE);
  process.exit(0);
}
if (!command) {
  console.error(name ? `pikaflow: unknown command "${name}"\n\n${MAIN_USAGE}` : MAIN_USAGE);
  process.exit(2);
}
try {
  process.exitCode = await command(rest);
} catch (err) {
  if (!(err instanceof CliError)) throw err;
  console.error(`pikaflow: ${err.message}`);
  process.exitCode = 2;
}
