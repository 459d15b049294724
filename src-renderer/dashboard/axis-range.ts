/**
 * The y range of a curve chart, fitted to the plotted values so a loss that falls from 2.3 to 0.05 fills the chart
 * instead of sitting in a fixed 0.01–10 decade box.
 */

export type AxisScale = 'log' | 'linear';

/** Margin around the data: a factor on a log axis, a fraction of the span on a linear one. */
const LOG_PAD = 1.15;
const LINEAR_PAD = 0.1;

/** `digit × 10^exp` as the nearest double, so 0.3 stays 0.3 rather than 3 × 0.1 = 0.30000000000000004. */
function decimal(digit: number, exp: number): number {
  return exp < 0 ? digit / 10 ** -exp : digit * 10 ** exp;
}

/** Rounds a positive value down (or up) to one significant digit: uPlot's log ticks start at the lower end. */
function oneDigit(v: number, direction: 'down' | 'up'): number {
  const exp = Math.floor(Math.log10(v));
  const mantissa = v / 10 ** exp;
  // Guards against 10 ** exp drifting a hair off (mantissa 0.9999999 or 10.0000001).
  const digit = direction === 'down' ? Math.floor(mantissa + 1e-9) : Math.ceil(mantissa - 1e-9);
  return decimal(Math.max(1, digit), exp);
}

/**
 * [min, max] of the axis for data spanning [dataMin, dataMax] (uPlot's range callback hands these over, for the
 * zoomed window too). A log axis pads by a factor and ends on one significant digit; a linear one pads by a tenth
 * of the span and stays at or above zero when the data does. Without data: a decade, or 0–1.
 */
export function fitAxisRange(dataMin: number | null, dataMax: number | null, scale: AxisScale): [number, number] {
  const fitted = dataMin !== null && dataMax !== null && Number.isFinite(dataMin) && Number.isFinite(dataMax);
  if (scale === 'log') {
    if (!fitted || dataMin <= 0 || dataMax < dataMin) return [0.1, 10];
    return [oneDigit(dataMin / LOG_PAD, 'down'), oneDigit(dataMax * LOG_PAD, 'up')];
  }
  if (!fitted || dataMax < dataMin) return [0, 1];
  const span = dataMax - dataMin;
  const pad = span > 0 ? span * LINEAR_PAD : Math.abs(dataMax) * LINEAR_PAD || 1;
  const lo = dataMin - pad;
  return [dataMin >= 0 ? Math.max(0, lo) : lo, dataMax + pad];
}
