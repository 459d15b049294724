import type { KernelImpl } from '../contracts';
import { expectDenseTarget, expectLossGrad } from './loss-util';
import { alloc, make, type FloatTensor } from './tensor';

export const meanSquaredErrorGrad: KernelImpl<'MeanSquaredErrorGrad', FloatTensor> = ([dloss, target, output]) => {
  expectDenseTarget('MeanSquaredErrorGrad', target, output);
  expectLossGrad('MeanSquaredErrorGrad', dloss, output);
  const L = dloss.values;
  const T = target.values;
  const O = output.values;
  const c = output.shape[output.shape.length - 1];
  const dout = alloc(L, O.length);
  for (let r = 0, row = 0; r < O.length; r += c, row++) {
    const k = (2 * L[row]) / c;
    for (let j = 0; j < c; j++) dout[r + j] = k * (O[r + j] - T[r + j]);
  }
  return [make(output.shape, dout)];
};
