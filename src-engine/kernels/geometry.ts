import type { Padding } from '../ops/ops';

/** Output length and leading padding of a sliding window along one axis, exactly as TF computes them. */
export interface WindowAxis {
  outLength: number;
  /** Cells of padding before the first input cell ('same': floor(total / 2), the rest goes after). */
  padBefore: number;
}

/**
 * The one place the window arithmetic lives (kernels and layer shape inference both call it):
 * 'valid' ⌊(i − k)/s⌋ + 1 (below 1 when the window is larger than the input), 'same' ⌈i/s⌉.
 */
export function windowAxis(inLength: number, windowSize: number, stride: number, padding: Padding): WindowAxis {
  if (padding === 'valid') return { outLength: Math.floor((inLength - windowSize) / stride) + 1, padBefore: 0 };
  const outLength = Math.ceil(inLength / stride);
  const total = Math.max((outLength - 1) * stride + windowSize - inLength, 0);
  return { outLength, padBefore: Math.floor(total / 2) };
}
