import { describe, expect, it } from 'vitest';
import { DIVERGING, heatCell, luminance, lutColor, lutFromStops, VIRIDIS } from './colormap';

describe('colour maps', () => {
  it('viridis runs from dark purple to yellow with rising luminance', () => {
    expect(lutColor(VIRIDIS, 0)).toEqual([68, 1, 84]);
    expect(lutColor(VIRIDIS, 255)).toEqual([253, 231, 37]);
    let previous = -1;
    for (let i = 0; i < 256; i += 5) {
      const l = luminance(lutColor(VIRIDIS, i));
      expect(l).toBeGreaterThan(previous);
      previous = l;
    }
  });

  it('interpolates linearly between stops', () => {
    const lut = lutFromStops([
      [0, 0, 0],
      [255, 128, 0],
    ]);
    expect(lutColor(lut, 0)).toEqual([0, 0, 0]);
    expect(lutColor(lut, 51)).toEqual([51, Math.round(128 * 0.2), 0]);
    expect(lutColor(lut, 255)).toEqual([255, 128, 0]);
  });

  it('the diverging map is blue below the middle, near-white in it, red above', () => {
    const [r0, , b0] = lutColor(DIVERGING, 0);
    const mid = lutColor(DIVERGING, 127.5);
    const [r1, , b1] = lutColor(DIVERGING, 255);
    expect(b0).toBeGreaterThan(r0);
    expect(r1).toBeGreaterThan(b1);
    expect(Math.min(...mid)).toBeGreaterThan(230);
  });

  it('clamps indices outside 0..255', () => {
    expect(lutColor(VIRIDIS, -40)).toEqual(lutColor(VIRIDIS, 0));
    expect(lutColor(VIRIDIS, 900)).toEqual(lutColor(VIRIDIS, 255));
  });

  it('heat cells go from white to dark with readable text', () => {
    expect(heatCell(0)).toEqual({ background: 'rgb(255 255 255)', color: 'var(--text, #1e2430)' });
    expect(heatCell(1).color).toBe('#fff');
    expect(heatCell(NaN).background).toBe('rgb(255 255 255)');
    expect(heatCell(2)).toEqual(heatCell(1));
  });

  it('keeps low heat-map cells near the dark surface in the dark theme, not white blocks', () => {
    const zero = heatCell(0, 'dark').background.match(/\d+/g)!.map(Number);
    expect(luminance(zero as unknown as [number, number, number])).toBeLessThan(0.2);
    expect(heatCell(0, 'dark').color).toBe('#fff');
    const full = heatCell(1, 'dark').background.match(/\d+/g)!.map(Number);
    expect(luminance(full as unknown as [number, number, number])).toBeGreaterThan(0.3);
    expect(heatCell(0, 'light')).toEqual(heatCell(0));
  });

  it('needs at least two stops', () => {
    expect(() => lutFromStops([[0, 0, 0]])).toThrow(/two stops/);
  });
});
