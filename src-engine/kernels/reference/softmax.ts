import type { KernelImpl } from '../contracts';
import { alloc, make, type FloatTensor } from './tensor';

export const softmax: KernelImpl<'Softmax', FloatTensor> = ([logits]) => {
  const Z = logits.values;
  const c = logits.shape[logits.shape.length - 1];
  const y = alloc(Z, Z.length);
  for (let r = 0; r < Z.length; r += c) {
    let max = -Infinity;
    for (let j = 0; j < c; j++) if (Z[r + j] > max) max = Z[r + j];
    let sum = 0;
    for (let j = 0; j < c; j++) sum += Math.exp(Z[r + j] - max);
    for (let j = 0; j < c; j++) y[r + j] = Math.exp(Z[r + j] - max) / sum;
  }
  return [make(logits.shape, y)];
};
