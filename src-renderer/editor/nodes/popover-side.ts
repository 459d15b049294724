import { Position, useStore } from '@xyflow/react';

/** The problem card's width (.node-problems in canvas.css) and its distance from the node. */
export const CARD_WIDTH = 300;
export const CARD_OFFSET = 12;

/**
 * Which side of a node its problem card opens on, from the node's left and right edges on screen (pane pixels): the
 * right, unless the card would run past the pane's right edge (under the inspector) and the left has more room.
 */
export function popoverSide(left: number, right: number, paneWidth: number): Position.Left | Position.Right {
  const roomRight = paneWidth - right - CARD_OFFSET;
  const roomLeft = left - CARD_OFFSET;
  return roomRight >= CARD_WIDTH || roomRight >= roomLeft ? Position.Right : Position.Left;
}

/** popoverSide for a drawn node; a string, so the node re-renders when the side flips, not on every pan. */
export function usePopoverSide(id: string): Position.Left | Position.Right {
  return useStore((s) => {
    const n = s.nodeLookup.get(id);
    if (!n) return Position.Right;
    const [tx, , zoom] = s.transform;
    const x = n.internals.positionAbsolute.x * zoom + tx;
    return popoverSide(x, x + (n.measured.width ?? 0) * zoom, s.width);
  });
}
