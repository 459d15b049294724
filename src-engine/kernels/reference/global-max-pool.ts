import type { KernelImpl } from '../contracts';
import { alloc, expectRank, make, type FloatTensor } from './tensor';

export const globalMaxPool: KernelImpl<'GlobalMaxPool', FloatTensor> = ([x]) => {
  expectRank('GlobalMaxPool', 'x', x, 4);
  const [n, h, w, c] = x.shape;
  const X = x.values;
  const y = alloc(X, n * c).fill(-Infinity);
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < h * w; p++) {
      const base = (b * h * w + p) * c;
      for (let ch = 0; ch < c; ch++) if (X[base + ch] > y[b * c + ch]) y[b * c + ch] = X[base + ch];
    }
  }
  return [make([n, c], y)];
};
