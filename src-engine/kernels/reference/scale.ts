import type { KernelImpl } from '../contracts';
import { alloc, make, type FloatTensor } from './tensor';

export const scale: KernelImpl<'Scale', FloatTensor> = ([x], { factor, offset }) => {
  const X = x.values;
  const y = alloc(X, X.length);
  for (let i = 0; i < X.length; i++) y[i] = X[i] * factor + offset;
  return [make(x.shape, y)];
};
