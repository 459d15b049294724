import type { KernelImpl } from '../contracts';
import { alloc, formatShape, make, sizeOfShape, type FloatTensor } from './tensor';

export const meanGrad: KernelImpl<'MeanGrad', FloatTensor> = ([dy], { inputShape }) => {
  if (dy.values.length !== 1) throw new Error(`MeanGrad: dy must be a scalar, got shape ${formatShape(dy.shape)}`);
  const n = sizeOfShape(inputShape);
  const dx = alloc(dy.values, n).fill(dy.values[0] / n);
  return [make(inputShape, dx)];
};
