import { useShallow } from 'zustand/react/shallow';
import { useEditor } from '../store/context.tsx';

/** Which of this node's params the template's form asks for: visible on the canvas, not only in the inspector. */
export function ExposedBadges({ nodeId }: { nodeId: string }) {
  const names = useEditor(
    useShallow((s) => s.inputs.filter((i) => i.node === nodeId).map((i) => `${i.name}\u0000${i.param}`)),
  );
  if (!names.length) return null;
  return (
    <div className="pf-node__inputs" data-testid="exposed-badges">
      {names.map((k) => {
        const [name, param] = k.split('\u0000');
        return (
          <span
            key={k}
            className="pf-exposed"
            title={`Template input “${name}” sets ${param}`}
            data-testid={`exposed-${name}`}
          >
            ⇢ {name}
          </span>
        );
      })}
    </div>
  );
}
