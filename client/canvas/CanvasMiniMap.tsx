import { Panel, useStore, useStoreApi, type ReactFlowState } from '@xyflow/react';
import { useMemo, type CSSProperties } from 'react';
import { shallow } from 'zustand/shallow';
import { getNodeDef } from '../../shared/registry.ts';
import { CATEGORY_COLORS } from './category-style.ts';
import { minimapFrame, nodeRects, unionBox, type Box } from './minimap-geometry.ts';
import { useMinimapGestures } from './use-minimap-gestures.ts';

/** React Flow's <MiniMap> defaults, which this one keeps (its size and node corner radius), and the canvas's mask colour. */
const WIDTH = 200;
const HEIGHT = 150;
const RADIUS = 5;
const MASK = 'var(--minimap-mask)'; // per theme, client/styles.css

const viewOf = (s: ReactFlowState) => ({
  x: s.transform[0],
  y: s.transform[1],
  zoom: s.transform[2],
  width: s.width,
  height: s.height,
});
const colorOf = (type?: string) => CATEGORY_COLORS[getNodeDef(type ?? '')?.category ?? 'Output'];

/**
 * The canvas's mini map: what React Flow's <MiniMap pannable zoomable> draws (same classes, colours, geometry and
 * gestures), built so that a pan does not re-lay-out and repaint one SVG rectangle per node. <MiniMap> puts the nodes
 * under an SVG viewBox that changes scale whenever the view reaches past the graph (as it does on a fitted 500-node
 * canvas), and Chromium then lays out and repaints all 500 rectangles every frame (~4 ms of a 16.7 ms frame). Here the
 * node rectangles are drawn once in flow units and scaled by a CSS transform, which needs no layout or repaint;
 * only the mask (the view's rectangle) is redrawn on a pan.
 */
export function CanvasMiniMap() {
  const store = useStoreApi();
  const nodes = useStore((s) => s.nodes);
  const view = useStore(viewOf, shallow);
  // Positions come from React Flow's lookup (absolute, measured), refreshed whenever the node list changes.
  const rects = useMemo(() => nodeRects(nodes, store.getState().nodeLookup), [nodes, store]);
  const nodesBox = useMemo(() => unionBox(rects), [rects]);
  const shapes = useMemo(
    () =>
      rects
        .filter((r) => r.drawn)
        .map((r) => (
          <rect
            key={r.id}
            className="react-flow__minimap-node"
            x={r.x}
            y={r.y}
            width={r.width}
            height={r.height}
            rx={RADIUS}
            ry={RADIUS}
            style={{ fill: colorOf(r.type) }}
            shapeRendering="crispEdges"
          />
        )),
    [rects],
  );
  const viewBox: Box = {
    x: -view.x / view.zoom,
    y: -view.y / view.zoom,
    width: view.width / view.zoom,
    height: view.height / view.zoom,
  };
  // As <MiniMap>: once there are nodes the frame holds them and the view (an all-hidden graph counts as a point at 0,0).
  const hasNodes = store.getState().nodeLookup.size > 0;
  const content = hasNodes ? unionBox([nodesBox ?? { x: 0, y: 0, width: 0, height: 0 }, viewBox])! : viewBox;
  const frame = minimapFrame(content, WIDTH, HEIGHT);
  const gestures = useMinimapGestures(frame.viewScale);

  // Map pixels for a flow point, as the SVG fits the frame into the map ("xMidYMid meet").
  const { x, y, width, height, scale, offset: o } = frame;
  const left = (WIDTH - width * scale) / 2 - x * scale;
  const top = (HEIGHT - height * scale) / 2 - y * scale;
  // Node rectangles in flow units (1 px each), placed on the map by a transform: no relayout when the frame moves.
  const shapesStyle: CSSProperties | undefined = nodesBox && {
    position: 'absolute',
    left: 0,
    top: 0,
    transformOrigin: '0 0',
    transform: `translate(${left + nodesBox.x * scale}px, ${top + nodesBox.y * scale}px) scale(${scale})`,
  };
  // The mask in map pixels under a fixed viewBox: a changing viewBox would make Chromium lay the map out again.
  const m = (b: Box) =>
    `M${left + b.x * scale},${top + b.y * scale}h${b.width * scale}v${b.height * scale}h${-b.width * scale}z`;
  const outer = { x: x - o, y: y - o, width: width + o * 2, height: height + o * 2 };
  return (
    <Panel
      position="bottom-right"
      className="react-flow__minimap pf-minimap"
      data-testid="rf__minimap"
      style={{ '--xy-minimap-mask-background-color-props': MASK } as CSSProperties}
    >
      {/* The transform is on a div: on the <svg> itself Chromium would lay out every rectangle again when it scales. */}
      {nodesBox && (
        <div className="pf-minimap__nodes" style={shapesStyle} aria-hidden>
          <svg
            width={nodesBox.width}
            height={nodesBox.height}
            viewBox={`${nodesBox.x} ${nodesBox.y} ${nodesBox.width} ${nodesBox.height}`}
          >
            {shapes}
          </svg>
        </div>
      )}
      <svg
        width={WIDTH}
        height={HEIGHT}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="react-flow__minimap-svg"
        role="img"
        aria-label="Mini Map"
        {...gestures}
      >
        {/* The outer square reaches one margin past the frame, the hole is the view: as <MiniMap>'s mask. */}
        {/* Before the canvas is measured the view has no size (scale is not a number): no mask yet, not a NaN path. */}
        {Number.isFinite(left + top + scale) && (
          <path
            className="react-flow__minimap-mask"
            fillRule="evenodd"
            pointerEvents="none"
            d={`${m(outer)} ${m(viewBox)}`}
          />
        )}
      </svg>
    </Panel>
  );
}
