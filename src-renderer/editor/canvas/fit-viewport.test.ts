import { describe, expect, it } from 'vitest';
import {
  FIT_MAX_ZOOM,
  FIT_MIN_ZOOM,
  fitClear,
  fitPadding,
  fitViewport,
  type Rect,
  type Viewport,
} from './fit-viewport';

describe('fitViewport', () => {
  it('centres a model that fits, never zooming past FIT_MAX_ZOOM', () => {
    const v = fitViewport({ x: 0, y: 0, width: 100, height: 100 }, 800, 600);
    expect(v.zoom).toBe(FIT_MAX_ZOOM);
    expect(v.x + 50 * v.zoom).toBeCloseTo(400);
    expect(v.y + 50 * v.zoom).toBeCloseTo(300);
  });

  it('shrinks a model to fit when that keeps it readable', () => {
    const v = fitViewport({ x: -120, y: 0, width: 240, height: 800 }, 800, 600);
    expect(v.zoom).toBeGreaterThanOrEqual(FIT_MIN_ZOOM);
    expect(v.zoom).toBeLessThan(1);
    expect(v.y).toBeGreaterThanOrEqual(0);
    expect(v.y + 800 * v.zoom).toBeLessThanOrEqual(600);
  });

  it('shows the start of a model too tall to fit at the minimum zoom, top-aligned, centred across', () => {
    const v = fitViewport({ x: -120, y: 0, width: 240, height: 5000 }, 800, 600);
    expect(v.zoom).toBe(FIT_MIN_ZOOM);
    expect(v.y).toBeCloseTo(fitPadding(600));
    expect(v.x + 0 * v.zoom).toBeCloseTo(400);
  });

  it('shows the left end of a model too wide to fit', () => {
    const v = fitViewport({ x: 100, y: 0, width: 8000, height: 100 }, 800, 600);
    expect(v.zoom).toBe(FIT_MIN_ZOOM);
    expect(v.x + 100 * v.zoom).toBeCloseTo(fitPadding(800));
  });
});

describe('fitClear', () => {
  const onScreen = (r: Rect, v: Viewport) => ({
    x: v.x + r.x * v.zoom,
    y: v.y + r.y * v.zoom,
    right: v.x + (r.x + r.width) * v.zoom,
    bottom: v.y + (r.y + r.height) * v.zoom,
  });

  it('keeps every node off the minimap and inside the pane, at a readable zoom', () => {
    // Two bands of a wrapped chain; the right one ends lower than the pane's minimap corner when centred.
    const boxes = [
      { x: 0, y: 0, width: 455, height: 870 },
      { x: 585, y: 0, width: 455, height: 740 },
    ];
    const minimap = { x: 577, y: 385, width: 150, height: 100 };
    const v = fitClear(boxes, 742, 500, [minimap]);
    // Centred, the right band would end under the minimap.
    const centred = fitViewport({ x: 0, y: 0, width: 1040, height: 870 }, 742, 500);
    expect(onScreen(boxes[1], centred).right).toBeGreaterThan(minimap.x);
    expect(v.zoom).toBeGreaterThanOrEqual(FIT_MIN_ZOOM);
    for (const b of boxes.map((r) => onScreen(r, v))) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.y).toBeGreaterThanOrEqual(0);
      expect(b.bottom).toBeLessThanOrEqual(500);
      const clear = b.right <= minimap.x || b.bottom <= minimap.y;
      expect(clear, JSON.stringify(b)).toBe(true);
    }
  });

  it('keeps the first column off the zoom buttons at the bottom left as well', () => {
    // The three-block CNN wrapped into three columns of 5, 5 and 3 layers, as at 1280×800.
    const column = (x: number, rows: number) =>
      Array.from({ length: rows }, (_, i) => ({ x, y: i * 130, width: 260, height: 90 }));
    const boxes = [...column(0, 5), ...column(390, 5), ...column(780, 3)];
    const controls = { x: 15, y: 380, width: 27, height: 105 };
    const minimap = { x: 577, y: 385, width: 150, height: 100 };
    const centred = fitViewport({ x: 0, y: 0, width: 1040, height: 610 }, 742, 500);
    expect(onScreen(boxes[4], centred).x).toBeLessThan(controls.x + controls.width);
    const v = fitClear(boxes, 742, 500, [controls, minimap]);
    expect(v.zoom).toBeGreaterThanOrEqual(FIT_MIN_ZOOM);
    for (const b of boxes.map((r) => onScreen(r, v))) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.right).toBeLessThanOrEqual(742);
      expect(b.bottom).toBeLessThanOrEqual(500);
      for (const c of [controls, minimap]) {
        const clear = b.right <= c.x || b.x >= c.x + c.width || b.bottom <= c.y || b.y >= c.y + c.height;
        expect(clear, JSON.stringify({ b, c })).toBe(true);
      }
    }
  });

  it('is the centred fit when nothing is covered', () => {
    const boxes = [{ x: 0, y: 0, width: 100, height: 100 }];
    expect(fitClear(boxes, 800, 600, [{ x: 700, y: 550, width: 80, height: 40 }])).toEqual(
      fitViewport({ x: 0, y: 0, width: 100, height: 100 }, 800, 600),
    );
  });
});
