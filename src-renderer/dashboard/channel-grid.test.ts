import { describe, expect, it } from 'vitest';
import {
  channelGridLayout,
  filterLegend,
  firstChannels,
  renderChannelGrid,
  tileAt,
  cellAt,
  tileShape,
  type FeatureMapData,
} from './channel-grid';
import { DIVERGING, lutColor, VIRIDIS } from './colormap';

const pixel = (rgba: Uint8ClampedArray, width: number, x: number, y: number) => [
  ...rgba.slice((y * width + x) * 4, (y * width + x) * 4 + 4),
];

describe('channelGridLayout', () => {
  it('lays 8 square channels out near-square and zooms to the width', () => {
    const l = channelGridLayout(8, 28, 28, { maxWidth: 400, gap: 2 });
    expect([l.cols, l.rows]).toEqual([3, 3]);
    expect(l.scale).toBe(4); // 3·28·4 + 2·2 = 340 ≤ 400; ·5 would be 424
    expect(l.width).toBe(3 * 28 * 4 + 2 * 2);
    expect(l.height).toBe(3 * 28 * 4 + 2 * 2);
  });

  it('keeps 32 small channels within the width and caps the zoom', () => {
    const l = channelGridLayout(32, 7, 7, { maxWidth: 300, gap: 1, maxScale: 6 });
    expect(l.cols * l.rows).toBeGreaterThanOrEqual(32);
    expect(l.width).toBeLessThanOrEqual(300);
    expect(l.scale).toBeLessThanOrEqual(6);
  });

  it('accounts for wide tiles (more rows, fewer columns)', () => {
    const l = channelGridLayout(4, 2, 32, { maxWidth: 1000 });
    expect(l.cols).toBe(1);
    expect(l.rows).toBe(4);
  });

  it('falls back to scale 1 and fewer columns when even that is too wide', () => {
    const l = channelGridLayout(16, 50, 50, { maxWidth: 120, gap: 2 });
    expect(l.cols).toBe(2);
    expect(l.scale).toBe(1);
    expect(l.rows).toBe(8);
  });

  it('lays out a one-row strip when asked for as many columns as tiles', () => {
    const l = channelGridLayout(8, 14, 14, { maxWidth: 1000, columns: 8, maxScale: 1, gap: 1 });
    expect([l.cols, l.rows, l.scale, l.width, l.height]).toEqual([8, 1, 1, 8 * 14 + 7, 14]);
  });

  it('rejects empty grids', () => {
    expect(() => channelGridLayout(0, 3, 3, { maxWidth: 100 })).toThrow(/at least one tile/);
  });
});

describe('renderChannelGrid', () => {
  // [2, 2, 2]: channel 0 = 0, 85, 170, 255; channel 1 = 255 everywhere.
  const activation: FeatureMapData = {
    kind: 'activation',
    shape: [2, 2, 2],
    min: 0,
    max: 1,
    values: Uint8Array.from([0, 255, 85, 255, 170, 255, 255, 255]),
  };

  it('colours each channel through viridis and upscales by pixel replication', () => {
    const layout = channelGridLayout(2, 2, 2, { maxWidth: 14, gap: 2, maxScale: 3 });
    expect([layout.cols, layout.rows, layout.scale]).toEqual([2, 1, 3]);
    const rgba = renderChannelGrid(activation, layout);
    expect(rgba.length).toBe(layout.width * layout.height * 4);
    // Channel 0, value 0 at (0,0): a 3×3 block of viridis[0].
    for (const [x, y] of [
      [0, 0],
      [2, 2],
      [2, 0],
    ])
      expect(pixel(rgba, layout.width, x, y)).toEqual([...lutColor(VIRIDIS, 0), 255]);
    // Channel 0, value 85 at (row 0, col 1) → x 3..5.
    expect(pixel(rgba, layout.width, 3, 0)).toEqual([...lutColor(VIRIDIS, 85), 255]);
    // The gap stays transparent; channel 1 starts after it.
    expect(pixel(rgba, layout.width, 6, 0)[3]).toBe(0);
    expect(pixel(rgba, layout.width, 8, 0)).toEqual([...lutColor(VIRIDIS, 255), 255]);
  });

  it("per-channel normalisation stretches each channel's own range", () => {
    const dim: FeatureMapData = { ...activation, values: Uint8Array.from([10, 0, 20, 0, 30, 0, 40, 0]) };
    const layout = channelGridLayout(2, 2, 2, { maxWidth: 6, gap: 1, maxScale: 1 });
    const byLayer = renderChannelGrid(dim, layout, { normalisation: 'layer' });
    const byChannel = renderChannelGrid(dim, layout, { normalisation: 'channel' });
    expect(pixel(byLayer, layout.width, 1, 1)).toEqual([...lutColor(VIRIDIS, 40), 255]);
    expect(pixel(byChannel, layout.width, 0, 0)).toEqual([...lutColor(VIRIDIS, 0), 255]);
    expect(pixel(byChannel, layout.width, 1, 1)).toEqual([...lutColor(VIRIDIS, 255), 255]);
  });

  it('draws one tile per filter of a kernel, zero weights white on the diverging map', () => {
    // [kh 1, kw 2, cin 1, cout 2], weights in [-1, 1]: filter 0 = (-1, 0), filter 1 = (1, 0).
    const kernel: FeatureMapData = {
      kind: 'kernel',
      shape: [1, 2, 1, 2],
      min: -1,
      max: 1,
      values: Uint8Array.from([0, 255, 127.5, 127.5]),
    };
    expect(tileShape(kernel)).toEqual({ tiles: 2, height: 1, width: 2 });
    const layout = channelGridLayout(2, 1, 2, { maxWidth: 5, gap: 1, maxScale: 1 });
    expect([layout.cols, layout.rows]).toEqual([1, 2]);
    const rgba = renderChannelGrid(kernel, layout);
    expect(pixel(rgba, layout.width, 0, 0).slice(0, 3)).toEqual([...lutColor(DIVERGING, 0)]);
    expect(pixel(rgba, layout.width, 0, 2).slice(0, 3)).toEqual([...lutColor(DIVERGING, 255)]);
    const zero = pixel(rgba, layout.width, 1, 0);
    expect(Math.min(...zero.slice(0, 3))).toBeGreaterThan(230);
  });

  it('shows 3-channel filters in colour', () => {
    const kernel: FeatureMapData = {
      kind: 'kernel',
      shape: [1, 1, 3, 1],
      min: 0,
      max: 1,
      values: Uint8Array.from([200, 100, 50]),
    };
    const layout = channelGridLayout(1, 1, 1, { maxWidth: 1, maxScale: 1 });
    expect([...renderChannelGrid(kernel, layout)]).toEqual([200, 100, 50, 255]);
  });

  it('refuses a layout for another shape, and maps whose size does not match their shape', () => {
    const layout = channelGridLayout(3, 2, 2, { maxWidth: 20 });
    expect(() => renderChannelGrid(activation, layout)).toThrow(/does not fit/);
    const short = { ...activation, values: new Uint8Array(3) };
    expect(() => renderChannelGrid(short, channelGridLayout(2, 2, 2, { maxWidth: 20 }))).toThrow(/needs 8 values/);
    expect(tileShape({ kind: 'activation', shape: [10] })).toBeNull();
  });

  it('keeps the first channels of an activation map', () => {
    // [1, 2, 3]: pixel 0 = (1, 2, 3), pixel 1 = (4, 5, 6)
    const map: FeatureMapData = {
      kind: 'activation',
      shape: [1, 2, 3],
      min: 0,
      max: 1,
      values: Uint8Array.from([1, 2, 3, 4, 5, 6]),
    };
    expect(firstChannels(map, 2)).toMatchObject({ shape: [1, 2, 2], values: Uint8Array.from([1, 2, 4, 5]) });
    expect(firstChannels(map, 5)).toBe(map);
  });

  it('finds the tile under a point, and none over gaps', () => {
    const layout = channelGridLayout(5, 4, 4, { maxWidth: 100, gap: 2, maxScale: 2 });
    expect(layout.cols).toBe(3);
    expect(tileAt(layout, 0, 0)).toBe(0);
    expect(tileAt(layout, 8, 0)).toBeNull(); // the gap after tile 0
    expect(tileAt(layout, 10, 0)).toBe(1);
    expect(tileAt(layout, 10, 10)).toBe(4);
    expect(tileAt(layout, 20, 10)).toBeNull(); // row 1 has only two tiles
  });

  it('finds the feature-map cell under a point: the tile and the row and column inside it', () => {
    const layout = channelGridLayout(5, 4, 4, { maxWidth: 100, gap: 2, maxScale: 2 });
    expect(cellAt(layout, 0, 0)).toEqual({ tile: 0, y: 0, x: 0 });
    expect(cellAt(layout, 17, 3)).toEqual({ tile: 1, y: 1, x: 3 });
    expect(cellAt(layout, 12, 15)).toEqual({ tile: 4, y: 2, x: 1 });
    expect(cellAt(layout, 8, 0)).toBeNull();
  });
});

describe('filterLegend', () => {
  it('describes RGB filters as the colours drawn, not the diverging map', () => {
    const legend = filterLegend({ kind: 'kernel', shape: [3, 3, 3, 8] });
    expect(legend).toBe(
      "colour = each filter's weights on the red, green and blue inputs, 0–255 from the lowest to the highest " +
        'weight of all filters',
    );
    expect(legend).not.toMatch(/negative/);
  });

  it('describes single-channel filters by the diverging map', () => {
    expect(filterLegend({ kind: 'kernel', shape: [5, 5, 1, 8] })).toBe('blue negative · white zero · red positive');
  });

  it('says that filters over several channels are drawn as their mean', () => {
    expect(filterLegend({ kind: 'kernel', shape: [3, 3, 16, 32] })).toBe(
      'mean over the 16 input channels: blue negative · white zero · red positive',
    );
  });

  it('has no legend for a map that is not a kernel', () => {
    expect(filterLegend({ kind: 'activation', shape: [28, 28, 8] })).toBeNull();
  });
});
