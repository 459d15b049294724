import { describe, expect, it } from 'vitest';
import { FIT_MAX_ZOOM, FIT_MIN_ZOOM, fitViewport } from './fit-viewport';

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
    expect(v.y).toBeCloseTo(600 * 0.08);
    expect(v.x + 0 * v.zoom).toBeCloseTo(400);
  });

  it('shows the left end of a model too wide to fit', () => {
    const v = fitViewport({ x: 100, y: 0, width: 8000, height: 100 }, 800, 600);
    expect(v.zoom).toBe(FIT_MIN_ZOOM);
    expect(v.x + 100 * v.zoom).toBeCloseTo(800 * 0.08);
  });
});
