import { getNodesBounds, useReactFlow, useStoreApi } from '@xyflow/react';
import { useCallback } from 'react';

/** Fit never zooms out past this: a compact node's title (21px, see use-compact.ts) stays over 11px on screen. */
export const FIT_MIN_ZOOM = 0.55;
export const FIT_MAX_ZOOM = 1.1;
const FIT_PADDING = 0.08;

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
  const padX = width * FIT_PADDING;
  const padY = height * FIT_PADDING;
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

/** Fits the canvas to its nodes with fitViewport; returns false when there is nothing to fit yet. */
export function useFitCanvas(): (duration?: number) => boolean {
  const { getNodes, setViewport } = useReactFlow();
  const flow = useStoreApi();
  return useCallback(
    (duration = 0) => {
      const nodes = getNodes();
      const { width, height } = flow.getState();
      if (nodes.length === 0 || !width || !height) return false;
      void setViewport(fitViewport(getNodesBounds(nodes), width, height), { duration });
      return true;
    },
    [getNodes, setViewport, flow],
  );
}
