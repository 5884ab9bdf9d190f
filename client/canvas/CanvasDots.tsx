import { useStore, ViewportPortal, type ReactFlowState } from '@xyflow/react';
import type { CSSProperties } from 'react';
import { shallow } from 'zustand/shallow';

interface Props {
  /** Distance between dots in flow units, as React Flow's <Background gap>. */
  gap: number;
  /** Dot diameter in flow units, as <Background size>. */
  size: number;
  color: string;
}

interface Area {
  x: number;
  y: number;
  side: number;
}

/**
 * The square of the canvas the dots cover, in flow units: three "blocks" a side around the visible area, where a
 * block is at least one screen and a whole number of gaps (so the pattern needs no offset). It changes only when the
 * view crosses into another block or zooms, so a pan re-renders nothing until then.
 */
function areaOf(gap: number) {
  return (s: ReactFlowState): Area => {
    const [tx, ty, zoom] = s.transform;
    const block = gap * Math.max(1, Math.ceil(Math.max(s.width, s.height) / zoom / gap));
    return {
      x: Math.floor(-tx / zoom / block) * block - block,
      y: Math.floor(-ty / zoom / block) * block - block,
      side: 3 * block,
    };
  };
}

/**
 * The same dots as React Flow's <Background variant="dots">, drawn inside the viewport (behind edges and nodes) in flow
 * units instead of on a screen-sized layer. <Background> moves its SVG pattern on every pan frame, which repaints
 * and re-rasterises every dot of the canvas (~10^5 at a fitted 500-node zoom, in software raster); here the dots
 * travel with the viewport's own composited layer, so a pan paints none of them and composites one layer, not two.
 * Same classes and colours; a dot sits where <Background> puts it: centred in each gap × gap tile of the flow.
 */
export function CanvasDots({ gap, size, color }: Props) {
  const id = `pf-dots-${useStore((s) => s.rfId)}`;
  const area = useStore(areaOf(gap), shallow);
  const style = {
    position: 'absolute',
    left: area.x,
    top: area.y,
    width: area.side,
    height: area.side,
    zIndex: -1,
    // The canvas behind already has this colour: an opaque sheet here would only make the compositor blend a whole
    // canvas-sized layer over an identical one every frame.
    backgroundColor: 'transparent',
    '--xy-background-pattern-color-props': color,
  } as CSSProperties;
  return (
    <ViewportPortal>
      <svg className="react-flow__background" style={style} data-testid="rf__background">
        {/* area.x and area.y are whole gaps, so tiles start half a gap before each multiple of the gap, as in <Background>. */}
        <pattern id={id} x={-gap / 2} y={-gap / 2} width={gap} height={gap} patternUnits="userSpaceOnUse">
          <circle cx={size / 2} cy={size / 2} r={size / 2} className="react-flow__background-pattern dots" />
        </pattern>
        <rect x="0" y="0" width="100%" height="100%" fill={`url(#${id})`} />
      </svg>
    </ViewportPortal>
  );
}
