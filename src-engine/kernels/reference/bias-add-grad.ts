import type { KernelImpl } from '../contracts';
import { fromAccumulator, type FloatTensor } from './tensor';

export const biasAddGrad: KernelImpl<'BiasAddGrad', FloatTensor> = ([dy]) => {
  const D = dy.values;
  const c = dy.shape[dy.shape.length - 1];
  const db = new Float64Array(c);
  for (let i = 0; i < D.length; i += c) {
    for (let j = 0; j < c; j++) db[j] += D[i + j];
  }
  return [fromAccumulator([c], D, db)];
};
