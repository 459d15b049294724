import { describe, expect, it } from 'vitest';
import type { ExplainAxis } from '../../../src-engine';
import { axisView, cellSize, numberText, outputView, stepCell } from './explain-view';

const axis = (input: number, window: number, padBefore: number, padAfter: number): ExplainAxis => ({
  input,
  window,
  stride: 1,
  padBefore,
  padAfter,
  output: input,
  formula: '',
  paddingFormula: null,
});

describe('explain view', () => {
  it('draws a small padded axis whole, padding included', () => {
    expect(axisView(axis(14, 5, 2, 2), -2)).toEqual({ from: -2, to: 15, windowed: false });
  });

  it('reaches past the input when the window is larger than it', () => {
    expect(axisView({ ...axis(14, 15, 0, 0), output: 0 }, 0)).toEqual({ from: 0, to: 14, windowed: false });
  });

  it('shows a window of a large map that keeps the kernel in view and stays inside the padded axis', () => {
    const a = axis(224, 7, 3, 3);
    expect(axisView(a, -3)).toEqual({ from: -3, to: 32, windowed: true });
    const mid = axisView(a, 100);
    expect(mid.from).toBeLessThanOrEqual(100);
    expect(mid.to).toBeGreaterThanOrEqual(106);
    expect(axisView(a, 220).to).toBe(226);
    expect(outputView(100, 99)).toEqual({ from: 64, to: 99, windowed: true });
  });

  it('steps row by row, sizes cells and writes numbers with a true minus', () => {
    expect(stepCell(15, 14)).toEqual([1, 1]);
    expect(cellSize(18, 360)).toBe(20);
    expect(cellSize(400, 360)).toBe(6);
    expect(numberText(-0.123456)).toBe('−0.1235');
  });
});
