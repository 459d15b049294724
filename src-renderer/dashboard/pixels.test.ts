import { describe, expect, it } from 'vitest';
import { toRgba } from './pixels';

describe('toRgba', () => {
  it('spreads grey to RGB and keeps alpha where there is one', () => {
    expect([...toRgba({ height: 1, width: 2, channels: 1, pixels: Uint8Array.of(10, 200) })]).toEqual([
      10, 10, 10, 255, 200, 200, 200, 255,
    ]);
    expect([...toRgba({ height: 1, width: 1, channels: 2, pixels: Uint8Array.of(7, 99) })]).toEqual([7, 7, 7, 99]);
    expect([...toRgba({ height: 1, width: 1, channels: 3, pixels: Uint8Array.of(1, 2, 3) })]).toEqual([1, 2, 3, 255]);
    expect([...toRgba({ height: 1, width: 1, channels: 4, pixels: Uint8Array.of(1, 2, 3, 4) })]).toEqual([1, 2, 3, 4]);
  });
});
