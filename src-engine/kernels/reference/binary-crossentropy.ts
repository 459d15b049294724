import type { KernelImpl } from '../contracts';
import { clipBounds, expectDenseTarget, perSampleShape } from './loss-util';
import { fromAccumulator, type FloatTensor } from './tensor';

/**
 * Keras 3: element-wise, from logits max(z, 0) − z·t + log(1 + e^−|z|) (TF's sigmoid_cross_entropy_with_logits);
 * from probabilities −(t·log p + (1 − t)·log(1 − p)) with p clipped to [ε, 1 − ε]; then the mean over the last axis.
 */
export const binaryCrossentropy: KernelImpl<'BinaryCrossentropy', FloatTensor> = ([target, output], { fromLogits }) => {
  expectDenseTarget('BinaryCrossentropy', target, output);
  const T = target.values;
  const O = output.values;
  const c = output.shape[output.shape.length - 1];
  const loss = new Float64Array(O.length / c);
  const { lo, hi } = clipBounds(O);
  for (let r = 0, row = 0; r < O.length; r += c, row++) {
    let l = 0;
    for (let j = 0; j < c; j++) {
      const o = O[r + j];
      const t = T[r + j];
      if (fromLogits) {
        l += Math.max(o, 0) - o * t + Math.log1p(Math.exp(-Math.abs(o)));
      } else {
        const p = Math.min(Math.max(o, lo), hi);
        l -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
      }
    }
    loss[row] = l / c;
  }
  return [fromAccumulator(perSampleShape(output), O, loss)];
};
