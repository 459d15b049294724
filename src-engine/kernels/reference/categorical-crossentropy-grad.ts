import type { KernelImpl } from '../contracts';
import { clipBounds, expectDenseTarget, expectLossGrad } from './loss-util';
import { alloc, make, type FloatTensor } from './tensor';

/**
 * From logits: dl·(Σt·softmax − t). From probabilities (p = o/S, clip passes the gradient where
 * ε ≤ p ≤ 1 − ε, as TF's minimum/maximum do): g = −t/p on unclipped entries, do_j = dl·(g_j − Σ g·p)/S.
 */
export const categoricalCrossentropyGrad: KernelImpl<'CategoricalCrossentropyGrad', FloatTensor> = (
  [dloss, target, output],
  { fromLogits },
) => {
  expectDenseTarget('CategoricalCrossentropyGrad', target, output);
  expectLossGrad('CategoricalCrossentropyGrad', dloss, output);
  const L = dloss.values;
  const T = target.values;
  const O = output.values;
  const c = output.shape[output.shape.length - 1];
  const dout = alloc(L, O.length);
  const g = new Float64Array(c);
  const { lo, hi } = clipBounds(O);
  for (let r = 0, row = 0; r < O.length; r += c, row++) {
    const dl = L[row];
    if (fromLogits) {
      let max = -Infinity;
      for (let j = 0; j < c; j++) if (O[r + j] > max) max = O[r + j];
      let sum = 0;
      let targetSum = 0;
      for (let j = 0; j < c; j++) {
        sum += Math.exp(O[r + j] - max);
        targetSum += T[r + j];
      }
      for (let j = 0; j < c; j++) dout[r + j] = dl * ((targetSum * Math.exp(O[r + j] - max)) / sum - T[r + j]);
    } else {
      let sum = 0;
      for (let j = 0; j < c; j++) sum += O[r + j];
      let dot = 0;
      for (let j = 0; j < c; j++) {
        const p = O[r + j] / sum;
        g[j] = p >= lo && p <= hi ? -T[r + j] / p : 0;
        dot += g[j] * p;
      }
      for (let j = 0; j < c; j++) dout[r + j] = (dl * (g[j] - dot)) / sum;
    }
  }
  return [make(output.shape, dout)];
};
