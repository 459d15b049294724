import type { KernelImpl } from '../contracts';
import { alloc, expectChannelVector, make, type FloatTensor } from './tensor';

export const batchNorm: KernelImpl<'BatchNorm', FloatTensor> = ([x, mean, variance, gamma, beta], { epsilon }) => {
  for (const [name, v] of [
    ['mean', mean],
    ['variance', variance],
    ['gamma', gamma],
    ['beta', beta],
  ] as const) {
    expectChannelVector('BatchNorm', name, v, x);
  }
  const X = x.values;
  const c = mean.values.length;
  const mul = new Float64Array(c);
  const add = new Float64Array(c);
  for (let j = 0; j < c; j++) {
    mul[j] = gamma.values[j] / Math.sqrt(variance.values[j] + epsilon);
    add[j] = beta.values[j] - mean.values[j] * mul[j];
  }
  const y = alloc(X, X.length);
  for (let r = 0; r < X.length; r += c) {
    for (let j = 0; j < c; j++) y[r + j] = X[r + j] * mul[j] + add[j];
  }
  return [make(x.shape, y)];
};
