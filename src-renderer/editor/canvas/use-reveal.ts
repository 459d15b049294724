import { useReactFlow, useStore } from '@xyflow/react';
import { useCallback } from 'react';
import { NODE_HEIGHT, NODE_WIDTH } from '../store/auto-layout';

/** Pans (keeping the zoom) so that a node is in view, e.g. one just added below the visible part of a chain. */
export function useRevealNode(): (id: string) => void {
  const { getInternalNode, getViewport, setCenter } = useReactFlow();
  const paneWidth = useStore((s) => s.width);
  const paneHeight = useStore((s) => s.height);
  return useCallback(
    (id: string) => {
      // Two frames: one for React to render the new node, one for React Flow to measure it.
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          const n = getInternalNode(id);
          if (!n) return;
          const { x, y, zoom } = getViewport();
          const p = n.internals.positionAbsolute;
          const w = n.measured.width ?? NODE_WIDTH;
          const h = n.measured.height ?? NODE_HEIGHT;
          const left = p.x * zoom + x;
          const top = p.y * zoom + y;
          if (left >= 0 && top >= 0 && left + w * zoom <= paneWidth && top + h * zoom <= paneHeight) return;
          void setCenter(p.x + w / 2, p.y + h / 2, { zoom, duration: 200 });
        }),
      );
    },
    [getInternalNode, getViewport, setCenter, paneWidth, paneHeight],
  );
}
