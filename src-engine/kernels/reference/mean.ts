import type { KernelImpl } from '../contracts';
import { alloc, make, type FloatTensor } from './tensor';

export const mean: KernelImpl<'Mean', FloatTensor> = ([x]) => {
  const X = x.values;
  if (X.length === 0) throw new Error('Mean: cannot average an empty tensor');
  let sum = 0;
  for (let i = 0; i < X.length; i++) sum += X[i];
  const y = alloc(X, 1);
  y[0] = sum / X.length;
  return [make([], y)];
};
