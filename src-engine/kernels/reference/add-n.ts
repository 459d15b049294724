import type { KernelImpl } from '../contracts';
import { alloc, expectSameShape, make, type FloatTensor } from './tensor';

export const addN: KernelImpl<'AddN', FloatTensor> = (xs) => {
  if (xs.length === 0) throw new Error('AddN: needs at least one input');
  const first = xs[0];
  for (let k = 1; k < xs.length; k++) expectSameShape('AddN', first, xs[k], ['input 0', `input ${k}`]);
  const y = alloc(first.values, first.values.length);
  y.set(first.values);
  for (let k = 1; k < xs.length; k++) {
    const X = xs[k].values;
    for (let i = 0; i < X.length; i++) y[i] += X[i];
  }
  return [make(first.shape, y)];
};
