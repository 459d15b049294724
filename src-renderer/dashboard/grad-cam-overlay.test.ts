import { describe, expect, it } from 'vitest';
import { gradCamOverlay, HEAT, sampleHeatmap } from './grad-cam-overlay';

describe('Grad-CAM overlay', () => {
  const grid = { height: 2, width: 2, heatmap: [0, 1, 0, 1] };

  it("stretches the map over the image: a 2×2 map's columns reach the image's left and right edges", () => {
    expect(sampleHeatmap(grid, 0, 0, 4, 4)).toBe(0);
    expect(sampleHeatmap(grid, 0, 3, 4, 4)).toBe(1);
    // Between the grid's cell centres, linear.
    expect(sampleHeatmap(grid, 1, 1, 4, 4)).toBeCloseTo(0.25, 6);
    expect(sampleHeatmap(grid, 1, 2, 4, 4)).toBeCloseTo(0.75, 6);
  });

  it('lays the heat colours over the image, more strongly where the map is high', () => {
    const image = { height: 2, width: 2, channels: 1, pixels: Uint8Array.of(0, 0, 0, 0) };
    const { width, height, rgba } = gradCamOverlay(image, { height: 1, width: 2, heatmap: [0, 1] }, 1, 0.5);
    expect([width, height]).toEqual([2, 2]);
    // Left: value 0 → a quarter of the opacity, the map's coldest colour over black.
    expect(Array.from(rgba.slice(0, 4))).toEqual([0, 0, Math.round(HEAT[2] * 0.125), 255]);
    // Right: value 1 → full opacity (0.5), the hottest colour.
    expect(Array.from(rgba.slice(4, 8))).toEqual([Math.round(HEAT[255 * 3] * 0.5), 0, 0, 255]);
  });
});
