import type { KernelImpl } from '../contracts';
import { erf, INV_SQRT2, LEAKY_RELU_SLOPE, SELU_ALPHA, SELU_SCALE, sigmoid, softplus } from './math';
import { alloc, make, type FloatTensor } from './tensor';

/** Keras 3 definitions; one tight loop per activation (no per-element dispatch). */
export const activation: KernelImpl<'Activation', FloatTensor> = ([x], { activation: name }) => {
  const X = x.values;
  const n = X.length;
  const y = alloc(X, n);
  switch (name) {
    case 'relu':
      for (let i = 0; i < n; i++) y[i] = X[i] > 0 ? X[i] : 0;
      break;
    case 'relu6':
      for (let i = 0; i < n; i++) y[i] = Math.min(Math.max(X[i], 0), 6);
      break;
    case 'elu':
      for (let i = 0; i < n; i++) y[i] = X[i] > 0 ? X[i] : Math.expm1(X[i]);
      break;
    case 'selu':
      for (let i = 0; i < n; i++) y[i] = X[i] > 0 ? SELU_SCALE * X[i] : SELU_SCALE * SELU_ALPHA * Math.expm1(X[i]);
      break;
    case 'sigmoid':
      for (let i = 0; i < n; i++) y[i] = sigmoid(X[i]);
      break;
    case 'hard_sigmoid':
      for (let i = 0; i < n; i++) y[i] = Math.min(Math.max(X[i] + 3, 0), 6) / 6;
      break;
    case 'tanh':
      for (let i = 0; i < n; i++) y[i] = Math.tanh(X[i]);
      break;
    case 'softplus':
      for (let i = 0; i < n; i++) y[i] = softplus(X[i]);
      break;
    case 'softsign':
      for (let i = 0; i < n; i++) y[i] = X[i] / (1 + Math.abs(X[i]));
      break;
    case 'swish':
    case 'silu':
      for (let i = 0; i < n; i++) y[i] = X[i] * sigmoid(X[i]);
      break;
    case 'gelu':
      for (let i = 0; i < n; i++) y[i] = 0.5 * X[i] * (1 + erf(X[i] * INV_SQRT2));
      break;
    case 'leaky_relu':
      for (let i = 0; i < n; i++) y[i] = X[i] > 0 ? X[i] : LEAKY_RELU_SLOPE * X[i];
      break;
    case 'exponential':
      for (let i = 0; i < n; i++) y[i] = Math.exp(X[i]);
      break;
    default:
      throw new Error(`Activation: unknown activation '${String(name)}'`);
  }
  return [make(x.shape, y)];
};
