import { getNodesBounds, useReactFlow, useStoreApi } from '@xyflow/react';
import { useCallback } from 'react';
import { storeKeyOf, type FlowNode } from '../nodes/flow-model';

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

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
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

const overlap = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * fitViewport for nodes drawn as `boxes` in a pane where `covered` (the minimap, in pane pixels) hides what is under
 * it. When the centred fit puts a node under it, the model moves to the pane's left or top edge, or else fits the
 * pane beside or above it; the largest zoom that keeps every node clear wins (the centred fit when none does).
 */
export function fitClear(boxes: readonly Rect[], width: number, height: number, covered?: Rect): Viewport {
  const b = {
    x: Math.min(...boxes.map((r) => r.x)),
    y: Math.min(...boxes.map((r) => r.y)),
    width: Math.max(...boxes.map((r) => r.x + r.width)) - Math.min(...boxes.map((r) => r.x)),
    height: Math.max(...boxes.map((r) => r.y + r.height)) - Math.min(...boxes.map((r) => r.y)),
  };
  const centred = fitViewport(b, width, height);
  if (!covered) return centred;
  const clear = (v: Viewport) =>
    boxes.every(
      (r) =>
        !overlap(
          { x: v.x + r.x * v.zoom, y: v.y + r.y * v.zoom, width: r.width * v.zoom, height: r.height * v.zoom },
          covered,
        ),
    );
  const left = { ...centred, x: fitPadding(width) - b.x * centred.zoom };
  const top = { ...centred, y: fitPadding(height) - b.y * centred.zoom };
  const candidates = [
    centred,
    left,
    top,
    { ...left, y: top.y },
    fitViewport(b, covered.x, height),
    fitViewport(b, width, covered.y),
  ];
  const ok = candidates.filter(clear).sort((p, q) => q.zoom - p.zoom);
  return ok[0] ?? centred;
}

/** Fits the canvas to its nodes, clear of the minimap (fitClear); returns false when there is nothing to fit yet. */
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
      const map = domNode?.querySelector('.react-flow__minimap')?.getBoundingClientRect();
      const covered =
        pane && map ? { x: map.x - pane.x, y: map.y - pane.y, width: map.width, height: map.height } : undefined;
      void setViewport(fitClear(boxes, width, height, covered), { duration });
      return true;
    },
    [getNodes, setViewport, flow],
  );
}
