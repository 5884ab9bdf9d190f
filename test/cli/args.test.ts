import { describe, expect, it } from 'vitest';
import { parseRunArgs } from '../../cli/run-args.ts';
import { COMMANDS, MAIN_USAGE, RUN, RUN_USAGE, VALIDATE_USAGE } from '../../cli/usage.ts';
import { validateCommand } from '../../cli/validate.ts';

/** In-process: the parser and the help texts come from one spec, so these check what a user reads and gets. */

describe('pikaflow run arguments', () => {
  it('keeps every flag: file or --template, repeatable --set/--input/--reroll/--resubmit, --budget, --preview', () => {
    const a = parseRunArgs([
      'g.json',
      '--set',
      't2v.seed=42',
      '--set=t2v.prompt=a cat',
      '--input',
      'opening=A fox',
      '--input=n=[1,2]',
      '--budget',
      '1.5',
      '--reroll',
      't2v',
      '--reroll=p',
      '--preview',
      '--resubmit',
      'a',
      '--resubmit',
      'b',
    ]);
    expect(a).toEqual({
      file: 'g.json',
      template: undefined,
      help: false,
      preview: true,
      budget: 1.5,
      sets: [
        { node: 't2v', param: 'seed', value: 42 },
        { node: 't2v', param: 'prompt', value: 'a cat' },
      ],
      inputs: { opening: 'A fox', n: [1, 2] },
      reroll: ['t2v', 'p'],
      resubmit: ['a', 'b'],
    });
    expect(parseRunArgs(['--template', 'Story continuation'])).toMatchObject({
      template: 'Story continuation',
      file: undefined,
    });
    // `--` ends the options: a graph file whose name starts with a dash can still be given.
    expect(parseRunArgs(['--preview', '--', '-odd.json']).file).toBe('-odd.json');
  });

  it('--help / -h wins over any other mistake on the line', () => {
    for (const argv of [['--help'], ['-h'], ['g.json', '--frob', '--help'], ['--budget', 'x', '-h']])
      expect(parseRunArgs(argv).help, argv.join(' ')).toBe(true);
  });

  it('an unknown option says which ones are accepted', () => {
    for (const bad of ['--frob', '-x', '--sett=a.b=1']) {
      expect(() => parseRunArgs(['g.json', bad]), bad).toThrow(
        `unknown option ${bad.split('=')[0]}: pikaflow run accepts --set, --input, --template, --budget, --reroll, --preview, --resubmit, -h/--help (pikaflow run --help lists them)`,
      );
    }
  });

  it('names what a value should be when it is missing, mis-shaped or another option', () => {
    const cases: [string[], RegExp][] = [
      [['g.json', '--resubmit'], /^--resubmit expects a node id$/],
      [['g.json', '--reroll', '--preview'], /^--reroll expects a node id, got the option --preview$/],
      [
        ['g.json', '--budget', '-1'],
        /--budget expects a number of USD, got "-1" \(a value that starts with "-" is written --budget=-1\)/,
      ],
      [['g.json', '--budget=-1'], /--budget expects a number of USD, got "-1"/],
      [['g.json', '--budget='], /--budget expects a number of USD, got ""/],
      [['g.json', '--budget', 'ten'], /--budget expects a number of USD, got "ten"/],
      [['--template'], /--template expects a template name or id/],
      [['g.json', '--set', 'seed=1'], /--set expects node\.param=value, got "seed"/],
      [['g.json', '--set', 'nokey'], /--set expects node\.param=value, got "nokey"/],
      [['g.json', '--input', '=x'], /--input expects name=value, got "=x"/],
      [['g.json', '--preview=yes'], /--preview takes no value, got "yes"/],
      [['g.json', '--budget', '1', '--budget', '2'], /--budget given twice; it is not repeatable/],
      [['a.json', 'b.json'], /unexpected argument "b\.json"/],
      [[], /nothing to run: pikaflow run <graph\.json> \| --template <name>/],
      [['g.json', '--template', 't'], /give a graph file or --template, not both/],
    ];
    for (const [argv, message] of cases) expect(() => parseRunArgs(argv), argv.join(' ')).toThrow(message);
  });
});

describe('help texts', () => {
  it('pikaflow run --help documents every option the parser accepts, with examples of the main ones', () => {
    for (const o of RUN.options)
      expect(RUN_USAGE, o.name).toMatch(new RegExp(`^  (-${o.short}, )?--${o.name}\\b`, 'm'));
    const examples = RUN_USAGE.slice(RUN_USAGE.indexOf('examples:'));
    for (const flag of ['--template', '--input', '--set', '--budget', '--reroll', '--preview', '--resubmit'])
      expect(examples, flag).toContain(flag);
  });

  it('pikaflow --help lists every command, every option of each, and the examples', () => {
    for (const c of COMMANDS) {
      expect(MAIN_USAGE).toMatch(new RegExp(`^  ${c.synopsis[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
      for (const o of c.options) expect(MAIN_USAGE, `${c.name} --${o.name}`).toContain(`--${o.name}`);
      for (const e of c.examples) expect(MAIN_USAGE).toContain(e.cmd);
    }
    expect(MAIN_USAGE).toMatch(/pikaflow <command> --help/);
  });

  it('validate: --help prints its usage; an unknown option or a second file is refused by name', () => {
    const lines: string[] = [];
    expect(validateCommand(['--help'], (l) => lines.push(l))).toBe(0);
    expect(lines).toEqual([VALIDATE_USAGE]);
    expect(() => validateCommand(['g.json', '--strict'])).toThrow(
      'unknown option --strict: pikaflow validate accepts -h/--help',
    );
    expect(() => validateCommand(['a.json', 'b.json'])).toThrow(/unexpected argument "b\.json"/);
    expect(() => validateCommand([])).toThrow(/nothing to validate/);
  });
});
