import type { ExplainAxis } from '../../../src-engine';

/** Cells drawn along one axis at most; a larger map shows a window of it that follows the kernel. */
export const MAX_VIEW_CELLS = 36;

/** The slice of one padded axis that the drawing shows, in input coordinates (negative: the leading padding). */
export interface AxisView {
  /** First and last drawn coordinate, inclusive. */
  from: number;
  to: number;
  /** True when the map is larger than the drawing and only a window of it is shown. */
  windowed: boolean;
}

/**
 * The part of a padded input axis to draw: all of it when it fits, else MAX_VIEW_CELLS cells placed so the kernel
 * window at `windowStart` (its first coordinate) stays in view, centred when possible.
 */
export function axisView(axis: ExplainAxis, windowStart: number, maxCells = MAX_VIEW_CELLS): AxisView {
  const first = 0 - axis.padBefore;
  // A window larger than the input reaches past it: drawn too, so the picture shows why there is no output.
  const last = Math.max(axis.input + axis.padAfter - 1, windowStart + axis.window - 1);
  if (last - first + 1 <= maxCells) return { from: first, to: last, windowed: false };
  const centre = windowStart + Math.floor(axis.window / 2);
  const from = Math.min(Math.max(centre - Math.floor(maxCells / 2), first), last - maxCells + 1);
  return { from, to: from + maxCells - 1, windowed: true };
}

/** The output slice to draw, following the current cell the same way. */
export function outputView(length: number, current: number, maxCells = MAX_VIEW_CELLS): AxisView {
  if (length <= maxCells) return { from: 0, to: length - 1, windowed: false };
  const from = Math.min(Math.max(current - Math.floor(maxCells / 2), 0), length - maxCells);
  return { from, to: from + maxCells - 1, windowed: true };
}

/** Pixel size of one drawn cell so `cells` fit in `space` pixels, between 6 and 22. */
export function cellSize(cells: number, space: number): number {
  return Math.max(6, Math.min(22, Math.floor(space / Math.max(cells, 1))));
}

/** Output cell (row, column) of step `t` when the window slides row by row. */
export function stepCell(t: number, outW: number): [number, number] {
  return [Math.floor(t / outW), t % outW];
}

/** An integer with a true minus sign, as the formulas write it. */
export function signed(n: number): string {
  return String(n).replace('-', '−');
}

/** "−3" with a true minus sign, and 4 significant digits for the product-sum's numbers. */
export function numberText(v: number): string {
  const s = Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(3) : String(Number(v.toFixed(4)));
  return s.replace('-', '−');
}
