import type { KernelImpl } from '../contracts';
import { alloc, expectSameShape, make, type FloatTensor } from './tensor';

/** dx = y · (dy − Σ dy·y) along the last axis. */
export const softmaxGrad: KernelImpl<'SoftmaxGrad', FloatTensor> = ([dy, y]) => {
  expectSameShape('SoftmaxGrad', dy, y, ['dy', 'y']);
  const D = dy.values;
  const Y = y.values;
  const c = y.shape[y.shape.length - 1];
  const dx = alloc(D, D.length);
  for (let r = 0; r < D.length; r += c) {
    let dot = 0;
    for (let j = 0; j < c; j++) dot += D[r + j] * Y[r + j];
    for (let j = 0; j < c; j++) dx[r + j] = Y[r + j] * (D[r + j] - dot);
  }
  return [make(y.shape, dx)];
};
