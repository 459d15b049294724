import type { KernelImpl } from '../contracts';
import { alloc, expectChannelVector, make, type FloatTensor } from './tensor';

export const biasAdd: KernelImpl<'BiasAdd', FloatTensor> = ([x, bias]) => {
  expectChannelVector('BiasAdd', 'bias', bias, x);
  const X = x.values;
  const B = bias.values;
  const c = B.length;
  const y = alloc(X, X.length);
  for (let i = 0; i < X.length; i += c) {
    for (let j = 0; j < c; j++) y[i + j] = X[i + j] + B[j];
  }
  return [make(x.shape, y)];
};
