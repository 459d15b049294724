import type { KernelImpl } from '../contracts';
import { clipBounds, expectDenseTarget, perSampleShape } from './loss-util';
import { fromAccumulator, type FloatTensor } from './tensor';

/**
 * Keras 3 (TF backend): from logits, −Σ t·log_softmax(z); from probabilities, the output is renormalised
 * to sum to 1 per row, clipped to [ε, 1 − ε], and −Σ t·log(p).
 */
export const categoricalCrossentropy: KernelImpl<'CategoricalCrossentropy', FloatTensor> = (
  [target, output],
  { fromLogits },
) => {
  expectDenseTarget('CategoricalCrossentropy', target, output);
  const T = target.values;
  const O = output.values;
  const c = output.shape[output.shape.length - 1];
  const loss = new Float64Array(O.length / c);
  const { lo, hi } = clipBounds(O);
  for (let r = 0, row = 0; r < O.length; r += c, row++) {
    let l = 0;
    if (fromLogits) {
      let max = -Infinity;
      for (let j = 0; j < c; j++) if (O[r + j] > max) max = O[r + j];
      let sum = 0;
      for (let j = 0; j < c; j++) sum += Math.exp(O[r + j] - max);
      const lse = max + Math.log(sum);
      for (let j = 0; j < c; j++) l += T[r + j] * (lse - O[r + j]);
    } else {
      let sum = 0;
      for (let j = 0; j < c; j++) sum += O[r + j];
      for (let j = 0; j < c; j++) l -= T[r + j] * Math.log(Math.min(Math.max(O[r + j] / sum, lo), hi));
    }
    loss[row] = l;
  }
  return [fromAccumulator(perSampleShape(output), O, loss)];
};
