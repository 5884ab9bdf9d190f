import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useEditorStore } from '../store/context.tsx';
import type { FlowNode } from '../store/types.ts';
import { useResizeGrip } from './use-canvas-gesture.ts';
import './annotations.css';

const MIN = { width: 140, height: 80 };

/** A sticky note: plain text typed straight on the canvas, dragged by its top strip, resized by its corner. */
export const NoteNode = memo(function NoteNode({ id, data, selected }: NodeProps<FlowNode>) {
  const store = useEditorStore();
  const onGripDown = useResizeGrip(id, MIN);
  const { text, width, height } = data.params;
  return (
    <div
      className={`pf-note${selected ? ' is-selected' : ''}`}
      data-testid={`note-${id}`}
      style={{ width: Number(width) || 240, height: Number(height) || 160 }}
    >
      <div className="pf-note__strip" title="Drag to move the note">
        Note
      </div>
      <textarea
        className="pf-note__text nodrag nowheel"
        aria-label="Note text"
        placeholder="Write a note…"
        value={String(text ?? '')}
        onChange={(e) => store.getState().setParams(id, { text: e.target.value })}
      />
      <div className="pf-resize-grip nodrag" onPointerDown={onGripDown} aria-hidden="true" />
    </div>
  );
});
