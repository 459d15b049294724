import type { KernelImpl } from '../contracts';
import { alloc, expectSameShape, fromAccumulator, make, type FloatTensor } from './tensor';

/** Inference-mode gradient: the statistics are constants, so dx is a per-channel scaling of dy. */
export const batchNormGrad: KernelImpl<'BatchNormGrad', FloatTensor> = (
  [dy, x, mean, variance, gamma],
  { epsilon },
) => {
  expectSameShape('BatchNormGrad', dy, x, ['dy', 'x']);
  const D = dy.values;
  const X = x.values;
  const c = mean.values.length;
  const inv = new Float64Array(c);
  for (let j = 0; j < c; j++) inv[j] = 1 / Math.sqrt(variance.values[j] + epsilon);
  const dx = alloc(D, D.length);
  const dgamma = new Float64Array(c);
  const dbeta = new Float64Array(c);
  for (let r = 0; r < D.length; r += c) {
    for (let j = 0; j < c; j++) {
      const d = D[r + j];
      dx[r + j] = d * gamma.values[j] * inv[j];
      dgamma[j] += d * (X[r + j] - mean.values[j]) * inv[j];
      dbeta[j] += d;
    }
  }
  return [make(x.shape, dx), fromAccumulator([c], D, dgamma), fromAccumulator([c], D, dbeta)];
};
