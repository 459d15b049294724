import { NODE_HEIGHT, ROW_GAP, type XY } from '../../../src-engine';

export {
  COLUMN_GAP,
  layeredLayout,
  layoutForPane,
  NODE_HEIGHT,
  NODE_WIDTH,
  type PaneSize,
  ROW_STEP,
  type XY,
} from '../../../src-engine';

/**
 * A frame's padding around an expanded block's layers, and its right-hand column for the name and buttons (clear of
 * the centred wire labels).
 */
export const FRAME_PAD = 12;
export const FRAME_SIDE = 124;

/** Where a node added after `anchor` goes: one row below it. */
export function belowOf(anchor: XY | undefined, anchorHeight = NODE_HEIGHT): XY {
  return anchor ? { x: anchor.x, y: anchor.y + anchorHeight + ROW_GAP } : { x: 0, y: 0 };
}
