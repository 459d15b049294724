import type { KernelImpl } from '../contracts';
import { alloc, expectSameShape, make, type FloatTensor } from './tensor';

export const movingAverage: KernelImpl<'MovingAverage', FloatTensor> = ([value, update], { momentum }) => {
  expectSameShape('MovingAverage', value, update, ['value', 'update']);
  const V = value.values;
  const U = update.values;
  const y = alloc(V, V.length);
  for (let i = 0; i < V.length; i++) y[i] = V[i] * momentum + U[i] * (1 - momentum);
  return [make(value.shape, y)];
};
