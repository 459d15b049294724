import { Position } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { CARD_WIDTH, popoverSide } from './popover-side';

describe('popoverSide', () => {
  it('opens the problem card on the right where it fits', () => {
    expect(popoverSide(100, 240, 742)).toBe(Position.Right);
  });

  it('flips it to the left of a node near the pane edge, so the inspector does not cut it off', () => {
    // A pasted node at the right of the canvas (the tester's 1280×800 case).
    expect(popoverSide(567, 710, 742)).toBe(Position.Left);
    expect(567 - CARD_WIDTH).toBeGreaterThan(0);
  });

  it('keeps the right when neither side has room and the right has more', () => {
    expect(popoverSide(40, 200, 420)).toBe(Position.Right);
  });
});
