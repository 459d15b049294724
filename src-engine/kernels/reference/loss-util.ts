import type { FloatArray } from '../contracts';
import { expectSameShape, formatShape, type FloatTensor } from './tensor';

/** Keras' backend.epsilon(); in float32 the clip bounds are the float32 values TF uses. */
export const KERAS_EPSILON = 1e-7;

export function clipBounds(like: FloatArray): { lo: number; hi: number } {
  if (like instanceof Float64Array) return { lo: KERAS_EPSILON, hi: 1 - KERAS_EPSILON };
  return { lo: Math.fround(KERAS_EPSILON), hi: Math.fround(1 - KERAS_EPSILON) };
}

/** Shape of the per-sample loss: the output's shape without its last axis. */
export function perSampleShape(output: FloatTensor): readonly number[] {
  return output.shape.slice(0, -1);
}

export function expectDenseTarget(kernel: string, target: FloatTensor, output: FloatTensor): void {
  if (output.shape.length < 1) throw new Error(`${kernel}: output must have at least rank 1, got a scalar`);
  expectSameShape(kernel, target, output, ['target', 'output']);
}

export function expectLossGrad(kernel: string, dloss: FloatTensor, output: FloatTensor): void {
  const rows = perSampleShape(output);
  if (dloss.shape.join() !== rows.join()) {
    throw new Error(
      `${kernel}: dloss must have shape ${formatShape(rows)} (output ${formatShape(output.shape)} without its ` +
        `last axis), got ${formatShape(dloss.shape)}`,
    );
  }
}

/**
 * Validates integer class labels and returns them; Keras accepts targets
 * shaped like output without its last axis, or with a trailing 1.
 */
export function sparseLabels(kernel: string, target: FloatTensor, output: FloatTensor): FloatArray {
  const rows = perSampleShape(output);
  const shape = target.shape;
  const matches =
    shape.join() === rows.join() ||
    (shape.length === rows.length + 1 && shape[shape.length - 1] === 1 && shape.slice(0, -1).join() === rows.join());
  if (!matches) {
    throw new Error(
      `${kernel}: target ${formatShape(shape)} must have shape ${formatShape(rows)} (class indices for output ` +
        `${formatShape(output.shape)})`,
    );
  }
  const classes = output.shape[output.shape.length - 1];
  const labels = target.values;
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i];
    if (!Number.isInteger(t) || t < 0 || t >= classes) {
      throw new Error(`${kernel}: target ${i} is ${t}, but class indices must be integers in [0, ${classes - 1}]`);
    }
  }
  return labels;
}
