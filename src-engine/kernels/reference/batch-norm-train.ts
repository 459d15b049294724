import type { KernelImpl } from '../contracts';
import { alloc, expectChannelVector, fromAccumulator, make, type FloatTensor } from './tensor';

/** Normalises with the batch mean and biased batch variance (two passes, float64 sums). */
export const batchNormTrain: KernelImpl<'BatchNormTrain', FloatTensor> = ([x, gamma, beta], { epsilon }) => {
  expectChannelVector('BatchNormTrain', 'gamma', gamma, x);
  expectChannelVector('BatchNormTrain', 'beta', beta, x);
  const X = x.values;
  const c = gamma.values.length;
  const count = X.length / c;
  const mean = new Float64Array(c);
  const variance = new Float64Array(c);
  for (let r = 0; r < X.length; r += c) for (let j = 0; j < c; j++) mean[j] += X[r + j];
  for (let j = 0; j < c; j++) mean[j] /= count;
  for (let r = 0; r < X.length; r += c) {
    for (let j = 0; j < c; j++) {
      const d = X[r + j] - mean[j];
      variance[j] += d * d;
    }
  }
  for (let j = 0; j < c; j++) variance[j] /= count;
  const mul = new Float64Array(c);
  for (let j = 0; j < c; j++) mul[j] = gamma.values[j] / Math.sqrt(variance[j] + epsilon);
  const y = alloc(X, X.length);
  for (let r = 0; r < X.length; r += c) {
    for (let j = 0; j < c; j++) y[r + j] = (X[r + j] - mean[j]) * mul[j] + beta.values[j];
  }
  return [make(x.shape, y), fromAccumulator([c], X, mean), fromAccumulator([c], X, variance)];
};
