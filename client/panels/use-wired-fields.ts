import { useShallow } from 'zustand/react/shallow';
import type { NodeDef } from '../../shared/define-node.ts';
import { getNodeDef } from '../../shared/registry.ts';
import { useEditor } from '../store/context.tsx';

/**
 * Param → title of the node whose wire fills it (a typable port such as the prompt). A wire wins over what is typed,
 * so the inspector says where the value comes from instead of showing an empty box that looks like a missing prompt.
 */
export function useWiredFields(nodeId: string, def: NodeDef | undefined): Record<string, string> {
  return useEditor(
    useShallow((s) => {
      const out: Record<string, string> = {};
      for (const port of def?.inputs ?? []) {
        if (!port.param) continue;
        const edge = s.edges.find((e) => e.target === nodeId && e.targetHandle === port.name);
        const source = edge && s.nodes.find((n) => n.id === edge.source);
        if (source) out[port.param] = source.data.label || getNodeDef(source.type ?? '')?.title || 'another node';
      }
      return out;
    }),
  );
}
