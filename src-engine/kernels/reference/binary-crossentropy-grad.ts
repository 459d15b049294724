import type { KernelImpl } from '../contracts';
import { clipBounds, expectDenseTarget, expectLossGrad } from './loss-util';
import { sigmoid } from './math';
import { alloc, make, type FloatTensor } from './tensor';

export const binaryCrossentropyGrad: KernelImpl<'BinaryCrossentropyGrad', FloatTensor> = (
  [dloss, target, output],
  { fromLogits },
) => {
  expectDenseTarget('BinaryCrossentropyGrad', target, output);
  expectLossGrad('BinaryCrossentropyGrad', dloss, output);
  const L = dloss.values;
  const T = target.values;
  const O = output.values;
  const c = output.shape[output.shape.length - 1];
  const dout = alloc(L, O.length);
  const { lo, hi } = clipBounds(O);
  for (let r = 0, row = 0; r < O.length; r += c, row++) {
    const k = L[row] / c;
    for (let j = 0; j < c; j++) {
      const o = O[r + j];
      const t = T[r + j];
      if (fromLogits) dout[r + j] = k * (sigmoid(o) - t);
      else dout[r + j] = o >= lo && o <= hi ? k * ((1 - t) / (1 - o) - t / o) : 0;
    }
  }
  return [make(output.shape, dout)];
};
