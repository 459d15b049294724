import type { KernelImpl } from '../contracts';
import { erf, INV_SQRT2, INV_SQRT_2PI, LEAKY_RELU_SLOPE, SELU_ALPHA, SELU_SCALE, sigmoid } from './math';
import { alloc, expectSameShape, make, type FloatTensor } from './tensor';

/** dx = dy · f'(x); the masks at kinks follow TF's gradient kernels (e.g. relu passes only where x > 0). */
export const activationGrad: KernelImpl<'ActivationGrad', FloatTensor> = ([dy, x, y], { activation: name }) => {
  expectSameShape('ActivationGrad', dy, x, ['dy', 'x']);
  const D = dy.values;
  const X = x.values;
  const Y = y.values;
  const n = D.length;
  const dx = alloc(D, n);
  switch (name) {
    case 'relu':
      for (let i = 0; i < n; i++) dx[i] = X[i] > 0 ? D[i] : 0;
      break;
    case 'relu6':
      for (let i = 0; i < n; i++) dx[i] = X[i] > 0 && X[i] < 6 ? D[i] : 0;
      break;
    case 'elu':
      for (let i = 0; i < n; i++) dx[i] = Y[i] < 0 ? D[i] * (Y[i] + 1) : D[i];
      break;
    case 'selu':
      for (let i = 0; i < n; i++) dx[i] = Y[i] < 0 ? D[i] * (Y[i] + SELU_SCALE * SELU_ALPHA) : D[i] * SELU_SCALE;
      break;
    case 'sigmoid':
      for (let i = 0; i < n; i++) dx[i] = D[i] * Y[i] * (1 - Y[i]);
      break;
    case 'hard_sigmoid':
      for (let i = 0; i < n; i++) dx[i] = X[i] > -3 && X[i] < 3 ? D[i] / 6 : 0;
      break;
    case 'tanh':
      for (let i = 0; i < n; i++) dx[i] = D[i] * (1 - Y[i] * Y[i]);
      break;
    case 'softplus':
      for (let i = 0; i < n; i++) dx[i] = D[i] * sigmoid(X[i]);
      break;
    case 'softsign':
      for (let i = 0; i < n; i++) {
        const d = 1 + Math.abs(X[i]);
        dx[i] = D[i] / (d * d);
      }
      break;
    case 'swish':
    case 'silu':
      for (let i = 0; i < n; i++) {
        const s = sigmoid(X[i]);
        dx[i] = D[i] * (s + X[i] * s * (1 - s));
      }
      break;
    case 'gelu':
      for (let i = 0; i < n; i++) {
        const xi = X[i];
        dx[i] = D[i] * (0.5 * (1 + erf(xi * INV_SQRT2)) + xi * INV_SQRT_2PI * Math.exp(-0.5 * xi * xi));
      }
      break;
    case 'leaky_relu':
      for (let i = 0; i < n; i++) dx[i] = X[i] > 0 ? D[i] : LEAKY_RELU_SLOPE * D[i];
      break;
    case 'exponential':
      for (let i = 0; i < n; i++) dx[i] = D[i] * Y[i];
      break;
    default:
      throw new Error(`ActivationGrad: unknown activation '${String(name)}'`);
  }
  return [make(x.shape, dx)];
};
