import type { KernelImpl } from '../contracts';
import { expectRank, fromAccumulator, type FloatTensor } from './tensor';

export const globalAvgPool: KernelImpl<'GlobalAvgPool', FloatTensor> = ([x]) => {
  expectRank('GlobalAvgPool', 'x', x, 4);
  const [n, h, w, c] = x.shape;
  const X = x.values;
  const y = new Float64Array(n * c);
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < h * w; p++) {
      const base = (b * h * w + p) * c;
      for (let ch = 0; ch < c; ch++) y[b * c + ch] += X[base + ch];
    }
  }
  const inv = 1 / (h * w);
  for (let i = 0; i < y.length; i++) y[i] *= inv;
  return [fromAccumulator([n, c], X, y)];
};
