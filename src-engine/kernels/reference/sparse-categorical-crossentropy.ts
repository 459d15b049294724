import type { KernelImpl } from '../contracts';
import { clipBounds, perSampleShape, sparseLabels } from './loss-util';
import { fromAccumulator, type FloatTensor } from './tensor';

/**
 * Keras 3 (TF backend): from logits, logsumexp(z) − z_t; from probabilities, the same applied to
 * z = log(clip(o, ε, 1 − ε)), i.e. log Σ clip(o) − log clip(o_t).
 */
export const sparseCategoricalCrossentropy: KernelImpl<'SparseCategoricalCrossentropy', FloatTensor> = (
  [target, output],
  { fromLogits },
) => {
  const labels = sparseLabels('SparseCategoricalCrossentropy', target, output);
  const O = output.values;
  const c = output.shape[output.shape.length - 1];
  const loss = new Float64Array(O.length / c);
  const { lo, hi } = clipBounds(O);
  for (let r = 0, row = 0; r < O.length; r += c, row++) {
    const t = labels[row];
    if (fromLogits) {
      let max = -Infinity;
      for (let j = 0; j < c; j++) if (O[r + j] > max) max = O[r + j];
      let sum = 0;
      for (let j = 0; j < c; j++) sum += Math.exp(O[r + j] - max);
      loss[row] = max + Math.log(sum) - O[r + t];
    } else {
      let sum = 0;
      for (let j = 0; j < c; j++) sum += Math.min(Math.max(O[r + j], lo), hi);
      loss[row] = Math.log(sum) - Math.log(Math.min(Math.max(O[r + t], lo), hi));
    }
  }
  return [fromAccumulator(perSampleShape(output), O, loss)];
};
