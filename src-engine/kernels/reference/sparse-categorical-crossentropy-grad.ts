import type { KernelImpl } from '../contracts';
import { clipBounds, expectLossGrad, sparseLabels } from './loss-util';
import { alloc, make, type FloatTensor } from './tensor';

/** From logits: dl·(softmax − onehot). From probabilities: dl·(1/Σc − [j = t]/c_j) where ε ≤ o_j ≤ 1 − ε, else 0. */
export const sparseCategoricalCrossentropyGrad: KernelImpl<'SparseCategoricalCrossentropyGrad', FloatTensor> = (
  [dloss, target, output],
  { fromLogits },
) => {
  const labels = sparseLabels('SparseCategoricalCrossentropyGrad', target, output);
  expectLossGrad('SparseCategoricalCrossentropyGrad', dloss, output);
  const L = dloss.values;
  const O = output.values;
  const c = output.shape[output.shape.length - 1];
  const dout = alloc(L, O.length);
  const { lo, hi } = clipBounds(O);
  for (let r = 0, row = 0; r < O.length; r += c, row++) {
    const dl = L[row];
    const t = labels[row];
    if (fromLogits) {
      let max = -Infinity;
      for (let j = 0; j < c; j++) if (O[r + j] > max) max = O[r + j];
      let sum = 0;
      for (let j = 0; j < c; j++) sum += Math.exp(O[r + j] - max);
      for (let j = 0; j < c; j++) dout[r + j] = dl * (Math.exp(O[r + j] - max) / sum - (j === t ? 1 : 0));
    } else {
      let sum = 0;
      for (let j = 0; j < c; j++) sum += Math.min(Math.max(O[r + j], lo), hi);
      for (let j = 0; j < c; j++) {
        const o = O[r + j];
        dout[r + j] = o >= lo && o <= hi ? dl * (1 / sum - (j === t ? 1 / o : 0)) : 0;
      }
    }
  }
  return [make(output.shape, dout)];
};
