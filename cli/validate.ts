import { estimateCost } from '../shared/cost.ts';
import { getNodeDef } from '../shared/registry.ts';
import { topologicalOrder } from '../shared/topo.ts';
import { validateGraph } from '../shared/validate.ts';
import { parseCommand } from './args.ts';
import { CliError, loadGraph } from './load-graph.ts';
import { VALIDATE, VALIDATE_USAGE } from './usage.ts';

/** `pikaflow validate <graph.json>`: problems and exit 1, or the execution order and cost and exit 0. */
export function validateCommand(argv: string[], print: (line: string) => void = console.log): number {
  const parsed = parseCommand(VALIDATE, argv);
  if (parsed.help) {
    print(VALIDATE_USAGE);
    return 0;
  }
  const file = parsed.positionals[0];
  if (!file) throw new CliError('nothing to validate: pikaflow validate <graph.json> (pikaflow validate --help)');
  const graph = loadGraph(file);
  const problems = validateGraph(graph);
  if (problems.length) {
    print(`✗ ${problems.length} problem${problems.length > 1 ? 's' : ''} in ${file}:`);
    for (const p of problems) {
      const where = [
        p.nodeId && `node ${p.nodeId}`,
        p.port && `port ${p.port}`,
        p.field && `field ${p.field}`,
        p.edgeId && `edge ${p.edgeId}`,
      ]
        .filter(Boolean)
        .join(', ');
      print(`  - [${p.code}] ${p.message}${where ? `  (${where})` : ''}`);
    }
    return 1;
  }
  const { order } = topologicalOrder(graph);
  const cost = estimateCost(graph);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  print(`✓ ${file} is valid: ${graph.nodes.length} nodes, ${graph.edges.length} edges`);
  print('Execution order:');
  order.forEach((id, i) => {
    const def = getNodeDef(byId.get(id)!.type)!;
    const usd = cost.perNode[id] ? `  $${cost.perNode[id].toFixed(2)}${def.costIsGuess ? ' (estimate)' : ''}` : '';
    print(`  ${String(i + 1).padStart(3)}. ${id} — ${def.title}${usd}`);
  });
  print(`Estimated cost: $${cost.total.toFixed(2)}${cost.includesGuesses ? ' (includes guessed prices)' : ''}`);
  return 0;
}
