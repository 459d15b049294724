import type { KernelImpl } from '../contracts';
import { alloc, expectSameShape, fromAccumulator, make, type FloatTensor } from './tensor';

/**
 * Gradient through the batch statistics: with x̂ = (x − μ)/σ and M values per channel,
 * dx = γ/(σM) · (M·dy − Σdy − x̂·Σ(dy·x̂)), dγ = Σ dy·x̂, dβ = Σ dy.
 */
export const batchNormTrainGrad: KernelImpl<'BatchNormTrainGrad', FloatTensor> = (
  [dy, x, gamma, mean, variance],
  { epsilon },
) => {
  expectSameShape('BatchNormTrainGrad', dy, x, ['dy', 'x']);
  const D = dy.values;
  const X = x.values;
  const c = gamma.values.length;
  const count = X.length / c;
  const inv = new Float64Array(c);
  for (let j = 0; j < c; j++) inv[j] = 1 / Math.sqrt(variance.values[j] + epsilon);
  const dgamma = new Float64Array(c);
  const dbeta = new Float64Array(c);
  for (let r = 0; r < D.length; r += c) {
    for (let j = 0; j < c; j++) {
      dbeta[j] += D[r + j];
      dgamma[j] += D[r + j] * (X[r + j] - mean.values[j]) * inv[j];
    }
  }
  const dx = alloc(D, D.length);
  for (let r = 0; r < D.length; r += c) {
    for (let j = 0; j < c; j++) {
      const xHat = (X[r + j] - mean.values[j]) * inv[j];
      dx[r + j] = ((gamma.values[j] * inv[j]) / count) * (count * D[r + j] - dbeta[j] - xHat * dgamma[j]);
    }
  }
  return [make(x.shape, dx), fromAccumulator([c], D, dgamma), fromAccumulator([c], D, dbeta)];
};
