import { describe, expect, it } from 'vitest';
import { fitAxisRange } from './axis-range';

describe('fitAxisRange', () => {
  it('fits a log axis to the data, padded, at one significant digit', () => {
    // A typical first epoch: loss from 2.3 down to 0.05; the old fixed axis showed 0.01–10.
    expect(fitAxisRange(0.0512, 2.31, 'log')).toEqual([0.04, 3]);
    expect(fitAxisRange(0.31, 0.74, 'log')).toEqual([0.2, 0.9]);
    expect(fitAxisRange(12, 480, 'log')).toEqual([10, 600]);
  });

  it('keeps the ends exact decimals, since uPlot starts its log ticks at the lower end', () => {
    const [lo, hi] = fitAxisRange(0.35, 0.71, 'log');
    expect(lo).toBe(0.3);
    expect(hi).toBe(0.9);
    expect(String(lo)).toBe('0.3');
  });

  it('opens a log axis around a single value', () => {
    const [lo, hi] = fitAxisRange(0.5, 0.5, 'log');
    expect(lo).toBeLessThan(0.5);
    expect(hi).toBeGreaterThan(0.5);
    expect(lo).toBeGreaterThan(0.1);
    expect(hi).toBeLessThan(1);
  });

  it('pads a linear axis by a tenth of the span, never below zero for non-negative data', () => {
    expect(fitAxisRange(1, 3, 'linear')).toEqual([0.8, 3.2]);
    const [lo, hi] = fitAxisRange(0.05, 2.05, 'linear');
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(2.25, 12);
    expect(fitAxisRange(-1, 1, 'linear')).toEqual([-1.2, 1.2]);
  });

  it('opens a linear axis around a single value', () => {
    expect(fitAxisRange(2, 2, 'linear')).toEqual([1.8, 2.2]);
    expect(fitAxisRange(0, 0, 'linear')).toEqual([0, 1]);
  });

  it('falls back to a default axis when there is nothing to fit', () => {
    expect(fitAxisRange(null, null, 'log')).toEqual([0.1, 10]);
    expect(fitAxisRange(Infinity, -Infinity, 'linear')).toEqual([0, 1]);
    // A log axis cannot show zero or negative values: only a positive range counts.
    expect(fitAxisRange(0, 0, 'log')).toEqual([0.1, 10]);
  });
});
