import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useState } from 'react';
import { GROUP_COLORS, type GroupColor } from '../../shared/nodes/annotations.ts';
import { useEditor, useEditorStore } from '../store/context.tsx';
import { FOLD_IN, FOLD_OUT, foldedEnds, membersOf } from '../store/group-geometry.ts';
import type { FlowNode } from '../store/types.ts';
import { runGroup } from './annotation-menus.ts';
import { useGroupDrag, useResizeGrip } from './use-canvas-gesture.ts';
import { useFrameGrowth } from './use-frame-growth.ts';
import './annotations.css';

const MIN = { width: 160, height: 90 };
const plural = (n: number) => `${n} node${n === 1 ? '' : 's'}`;
const wires = (n: number) => `${n} wire${n === 1 ? '' : 's'}`;

/**
 * A titled, coloured frame (ComfyUI's group): drag the title bar to move it with everything inside, double-click the
 * title to rename it, pick a colour while it is selected, fold it to a bar (its nodes hide), run just its nodes.
 */
export const GroupNode = memo(function GroupNode({ id, data, selected }: NodeProps<FlowNode>) {
  const store = useEditorStore();
  const p = data.params;
  const collapsed = !!p.collapsed;
  const count = useEditor((s) => {
    const g = s.nodes.find((n) => n.id === id);
    return g ? membersOf(g, s.nodes).length : 0;
  });
  const [into, out] = useEditor((s) => (collapsed ? foldedEnds(id, s.nodes, s.edges) : '0:0'))
    .split(':')
    .map(Number);
  const busy = useEditor((s) => !!s.run && ['queued', 'running'].includes(s.run.status));
  const [renaming, setRenaming] = useState(false);
  const onBarDown = useGroupDrag(id);
  const onGripDown = useResizeGrip(id, MIN);
  useFrameGrowth(id);
  const color = GROUP_COLORS[p.color as GroupColor] ?? GROUP_COLORS.blue;
  const title = data.label || 'Group';

  const fold = () => {
    const s = store.getState();
    const g = s.nodes.find((n) => n.id === id);
    if (!g) return;
    const members = collapsed ? [] : membersOf(g, s.nodes).map((n) => n.id);
    s.setParams(id, { collapsed: !collapsed, members });
  };
  const run = () => {
    const g = store.getState().nodes.find((n) => n.id === id);
    if (g) runGroup(store, g);
  };
  const rename = (value: string | null) => {
    setRenaming(false);
    if (value !== null && value.trim() !== title) store.getState().setLabel(id, value.trim());
  };

  return (
    <div
      className={`pf-group${collapsed ? ' is-collapsed' : ''}${selected ? ' is-selected' : ''}`}
      data-testid={`group-${id}`}
      style={{ '--group': color, ...(collapsed ? {} : { width: p.width, height: p.height }) } as React.CSSProperties}
    >
      <header
        className="pf-group__bar nodrag"
        onPointerDown={onBarDown}
        onDoubleClick={(e) => {
          if (!(e.target as Element).closest('button')) setRenaming(true);
        }}
        title="Drag to move the group and its nodes · double-click to rename"
      >
        <button
          type="button"
          className="pf-group__icon"
          aria-expanded={!collapsed}
          aria-label={collapsed ? `Expand ${title}` : `Collapse ${title}`}
          title={collapsed ? 'Expand: show its nodes' : 'Collapse to a bar: hide its nodes'}
          onClick={fold}
        >
          {collapsed ? '▸' : '▾'}
        </button>
        {renaming ? (
          <input
            className="pf-group__rename nodrag"
            aria-label="Group title"
            defaultValue={title}
            // The designer just asked to rename it (double-click): typing goes straight in.
            autoFocus
            onFocus={(e) => e.currentTarget.select()}
            onBlur={(e) => rename(e.currentTarget.value)}
            onKeyDown={(e) => {
              e.stopPropagation();
              if (e.key === 'Enter') rename(e.currentTarget.value);
              if (e.key === 'Escape') rename(null);
            }}
          />
        ) : (
          <span className="pf-group__title" data-testid="group-title">
            {title}
          </span>
        )}
        <span className="pf-group__count">{plural(count)}</span>
        {selected && !collapsed && !renaming && <Swatches id={id} current={p.color as GroupColor} />}
        <button
          type="button"
          className="pf-group__icon pf-group__run"
          disabled={busy}
          aria-label={`Run group ${title}`}
          title="Run only this group's nodes (what they need comes from the cache or runs too)"
          onClick={run}
        >
          ▶
        </button>
      </header>
      {/* Folded, the wires into and out of its hidden nodes end on the bar (foldWires); always there, so a wire
          re-pointed at it never waits for a handle to mount. Not for new wires: a wire goes to a port. */}
      <Handle
        type="target"
        id={FOLD_IN}
        position={Position.Left}
        isConnectable={false}
        className={`pf-group__fold${into ? ' has-wires' : ''}`}
        title={into ? `${wires(into)} into its hidden nodes` : undefined}
      />
      <Handle
        type="source"
        id={FOLD_OUT}
        position={Position.Right}
        isConnectable={false}
        className={`pf-group__fold${out ? ' has-wires' : ''}`}
        title={out ? `${wires(out)} out of its hidden nodes` : undefined}
      />
      {!collapsed && <div className="pf-resize-grip nodrag" onPointerDown={onGripDown} aria-hidden="true" />}
    </div>
  );
});

function Swatches({ id, current }: { id: string; current: GroupColor }) {
  const store = useEditorStore();
  return (
    <fieldset className="pf-group__swatches" aria-label="Group colour">
      {(Object.keys(GROUP_COLORS) as GroupColor[]).map((c) => (
        <button
          key={c}
          type="button"
          className="pf-group__swatch"
          style={{ background: GROUP_COLORS[c] }}
          aria-label={`Colour ${c}`}
          aria-pressed={c === current}
          title={c}
          onClick={() => store.getState().setParams(id, { color: c })}
        />
      ))}
    </fieldset>
  );
}
