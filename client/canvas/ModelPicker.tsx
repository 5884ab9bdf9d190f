import { useUpdateNodeInternals } from '@xyflow/react';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import type { NodeDef } from '../../shared/define-node.ts';
import { variantsOf } from '../../shared/registry.ts';
import { usd } from '../run/engine-words.ts';
import { useEditorStore } from '../store/context.tsx';
import { switchParams } from '../store/switch-variant.ts';
import type { NodeData } from '../store/types.ts';
import { clampTo } from './ContextMenu.tsx';
import './model-picker.css';
import './wiring.css';

/** What one run of `node` would cost as `to` (its params as they would be after the switch), e.g. "$0.20" or "~$0.40". */
export function priceAs(to: NodeDef, data: NodeData): string {
  const parsed = to.params.safeParse(switchParams(to, data.params, data.aside).params);
  if (!parsed.success) return '';
  return `${to.costIsGuess ? '~' : ''}${usd(to.cost(parsed.data as Record<string, unknown>))}`;
}

/**
 * The version picker on a node's header (issue 13): the node's operation stays, its model changes in place with the
 * wires and params it can keep. A button naming the current version opens a menu of all of them with what each would
 * cost for this node; nothing is shown for a node type with one version.
 */
export function ModelPicker({ nodeId, data, def }: { nodeId: string; data: NodeData; def: NodeDef }) {
  const [menuAt, setMenuAt] = useState<{ x: number; y: number } | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const updateInternals = useUpdateNodeInternals();
  // Another version may have other ports: React Flow measures a node's handles again only when asked. Only on a
  // switch, never on mount: React Flow measures new nodes itself, and one call per node (each its own frame and store
  // update) made opening a 500-node canvas take 15 s instead of 0.7 s.
  const shownType = useRef(def.type);
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-measure when the version changes, not on every render
  useEffect(() => {
    if (shownType.current === def.type) return;
    shownType.current = def.type;
    updateInternals(nodeId);
  }, [def.type]);
  const variants = variantsOf(def);
  if (variants.length < 2) return null;
  const open = () => {
    const r = button.current?.getBoundingClientRect();
    if (r) setMenuAt({ x: r.left, y: r.bottom + 4 });
  };
  const close = () => {
    setMenuAt(null);
    button.current?.focus();
  };
  return (
    <>
      <button
        ref={button}
        type="button"
        className="pf-model nodrag nopan"
        aria-label={`Model: ${def.variant}`}
        aria-haspopup="menu"
        aria-expanded={!!menuAt}
        title="Model: switch the version, keeping the wires"
        data-testid="model-picker"
        onClick={(e) => {
          e.stopPropagation();
          if (menuAt) setMenuAt(null);
          else open();
        }}
        onKeyDown={(e) => {
          if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
          // The arrows open the menu here; the canvas would otherwise move the selected node with them.
          e.preventDefault();
          e.stopPropagation();
          open();
        }}
      >
        {def.variant}
        <span className="pf-model__caret" aria-hidden>
          ▾
        </span>
      </button>
      {menuAt &&
        createPortal(
          <VariantMenu at={menuAt} nodeId={nodeId} data={data} current={def} variants={variants} onClose={close} />,
          document.body,
        )}
    </>
  );
}

/** The open picker: one radio item per version, the current one checked and focused; arrows, Enter, Escape. */
function VariantMenu({
  at,
  nodeId,
  data,
  current,
  variants,
  onClose,
}: {
  at: { x: number; y: number };
  nodeId: string;
  data: NodeData;
  current: NodeDef;
  variants: NodeDef[];
  onClose(): void;
}) {
  const store = useEditorStore();
  const ref = useRef<HTMLDivElement>(null);
  const items = () => [...(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitemradio"]') ?? [])];
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus the checked item once, when the menu opens
  useEffect(() => items()[variants.indexOf(current)]?.focus(), []);
  // The menu stands where the button was: a wheel (zoom or pan) would leave it behind, so it closes instead.
  useEffect(() => {
    const away = () => onClose();
    addEventListener('wheel', away, { passive: true });
    return () => removeEventListener('wheel', away);
  }, [onClose]);
  const pick = (to: NodeDef) => {
    if (to !== current) store.getState().switchVariant(nodeId, to.type);
    onClose();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    e.stopPropagation();
    const list = items();
    const i = list.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown') list[(i + 1) % list.length]?.focus();
    else if (e.key === 'ArrowUp') list[(i - 1 + list.length) % list.length]?.focus();
    else if (e.key === 'Escape' || e.key === 'Tab') onClose();
    else return;
    e.preventDefault();
  };
  return (
    <div className="pf-menu-layer" onMouseDown={onClose}>
      <div
        ref={ref}
        role="menu"
        aria-label="Model"
        className="pf-menu pf-model-menu"
        data-testid="model-menu"
        style={clampTo(at, 280, variants.length * 52 + 40)}
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={onKeyDown}
      >
        <div className="pf-model-menu__title">Model — wires and settings carry over</div>
        {variants.map((v) => (
          <button
            key={v.type}
            type="button"
            role="menuitemradio"
            aria-checked={v === current}
            className="pf-menu__item pf-model-menu__item"
            data-testid={`model-option-${v.type}`}
            onClick={() => pick(v)}
          >
            <span className="pf-model-menu__check" aria-hidden>
              {v === current ? '✓' : ''}
            </span>
            <span className="pf-model-menu__text">
              <b>{v.variant}</b>
              <span className="pf-muted">{v.description}</span>
            </span>
            <span className="pf-model-menu__price" title={v.costIsGuess ? 'Estimated: fal publishes no price' : ''}>
              {priceAs(v, data)}
            </span>
          </button>
        ))}
      </div>
    </div>
  );
}
