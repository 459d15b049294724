import { getNodesBounds, useReactFlow, useStoreApi } from '@xyflow/react';
import { useCallback } from 'react';
import { storeKeyOf, type FlowNode } from '../nodes/flow-model';
import { intersects, unionBox, type Box } from '../store/canvas-boxes';

/** Measured heights of the drawn layers and collapsed blocks, keyed as the store keys them (for the layouts). */
export function measuredHeights(nodes: readonly FlowNode[]): Record<string, number> {
  return Object.fromEntries(
    nodes.flatMap((n) => (n.type !== 'frame' && n.measured?.height ? [[storeKeyOf(n.id).id, n.measured.height]] : [])),
  );
}

/** Fit never zooms out past this: a compact node's title (21px, see use-compact.ts) stays over 11px on screen. */
export const FIT_MIN_ZOOM = 0.53;
export const FIT_MAX_ZOOM = 1.1;
/** Room Fit leaves around the model: 8 % of the pane, at most 16px (a small pane needs every pixel). */
export const fitPadding = (size: number): number => Math.min(size * 0.08, 16);
/** The part of a `width` × `height` pane that Fit fills; layouts for the pane are sized to it. */
export const fitArea = (width: number, height: number) => ({
  width: width - 2 * fitPadding(width),
  height: height - 2 * fitPadding(height),
});

export type Rect = Box;
export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/**
 * The viewport that shows `bounds` in a `width` × `height` pane. A model too big to fit at FIT_MIN_ZOOM is not
 * shrunk into illegibility: its start (top, and left when too wide) is shown at that zoom and the user scrolls.
 */
export function fitViewport(bounds: Rect, width: number, height: number): Viewport {
  const padX = fitPadding(width);
  const padY = fitPadding(height);
  const fits = Math.min(
    (width - 2 * padX) / Math.max(bounds.width, 1),
    (height - 2 * padY) / Math.max(bounds.height, 1),
  );
  const zoom = Math.min(FIT_MAX_ZOOM, Math.max(FIT_MIN_ZOOM, fits));
  const along = (start: number, size: number, pane: number, pad: number) =>
    size * zoom <= pane - 2 * pad ? (pane - size * zoom) / 2 - start * zoom : pad - start * zoom;
  return {
    x: along(bounds.x, bounds.width, width, padX),
    y: along(bounds.y, bounds.height, height, padY),
    zoom,
  };
}

/**
 * fitViewport for nodes drawn as `boxes` in a pane where `covered` rects (the minimap and the zoom buttons, in pane
 * pixels) hide what is under them. When the centred fit puts a node under one, the model is fitted into the parts of
 * the pane beside or above them (centred, or against an edge); the largest zoom that keeps every node clear wins, the
 * centred fit when none does.
 */
export function fitClear(
  boxes: readonly Rect[],
  width: number,
  height: number,
  covered: readonly Rect[] = [],
): Viewport {
  const b = unionBox(boxes);
  const centred = fitViewport(b, width, height);
  const onScreen = (r: Rect, v: Viewport) => ({
    x: v.x + r.x * v.zoom,
    y: v.y + r.y * v.zoom,
    width: r.width * v.zoom,
    height: r.height * v.zoom,
  });
  const clear = (v: Viewport) => boxes.every((r) => covered.every((c) => !intersects(onScreen(r, v), c)));
  if (clear(centred)) return centred;
  // Sub-panes bounded by the covered rects' edges: right of one, left of another, above any.
  const lefts = [0, ...covered.map((c) => c.x + c.width)];
  const rights = [width, ...covered.map((c) => c.x)];
  const bottoms = [height, ...covered.map((c) => c.y)];
  const candidates: Viewport[] = [];
  for (const x0 of lefts)
    for (const x1 of rights)
      for (const y1 of bottoms) {
        if (x1 - x0 < 100 || y1 < 100) continue;
        const v = fitViewport(b, x1 - x0, y1);
        const padX = fitPadding(x1 - x0);
        candidates.push(
          { ...v, x: v.x + x0 },
          { ...v, x: x0 + padX - b.x * v.zoom },
          { ...v, x: x1 - padX - (b.x + b.width) * v.zoom },
        );
      }
  const ok = candidates.filter(clear).sort((p, q) => q.zoom - p.zoom);
  return ok[0] ?? centred;
}

/** Fits the canvas to its nodes clear of the minimap and zoom buttons (fitClear); false when nothing to fit. */
export function useFitCanvas(): (duration?: number) => boolean {
  const { getNodes, setViewport } = useReactFlow();
  const flow = useStoreApi();
  return useCallback(
    (duration = 0) => {
      const nodes = getNodes();
      const { width, height, domNode } = flow.getState();
      if (nodes.length === 0 || !width || !height) return false;
      const boxes = nodes.map((n) => getNodesBounds([n]));
      const pane = domNode?.getBoundingClientRect();
      const covered = pane
        ? [...(domNode?.querySelectorAll('.react-flow__minimap, .react-flow__controls') ?? [])].map((e) => {
            const r = e.getBoundingClientRect();
            return { x: r.x - pane.x, y: r.y - pane.y, width: r.width, height: r.height };
          })
        : [];
      void setViewport(fitClear(boxes, width, height, covered), { duration });
      return true;
    },
    [getNodes, setViewport, flow],
  );
}
