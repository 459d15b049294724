import type { KernelImpl } from '../contracts';
import { alloc, expectRank, formatShape, make, type FloatTensor } from './tensor';

export const globalMaxPoolGrad: KernelImpl<'GlobalMaxPoolGrad', FloatTensor> = ([dy, x]) => {
  expectRank('GlobalMaxPoolGrad', 'x', x, 4);
  const [n, h, w, c] = x.shape;
  if (dy.shape.join() !== [n, c].join()) {
    throw new Error(`GlobalMaxPoolGrad: dy must have shape [${n}, ${c}], got ${formatShape(dy.shape)}`);
  }
  const X = x.values;
  const D = dy.values;
  const dx = alloc(D, X.length);
  const best = new Float64Array(c);
  const arg = new Int32Array(c);
  for (let b = 0; b < n; b++) {
    best.fill(-Infinity);
    arg.fill(-1);
    for (let p = 0; p < h * w; p++) {
      const base = (b * h * w + p) * c;
      for (let ch = 0; ch < c; ch++) {
        if (X[base + ch] > best[ch] || arg[ch] < 0) {
          best[ch] = X[base + ch];
          arg[ch] = base + ch;
        }
      }
    }
    for (let ch = 0; ch < c; ch++) dx[arg[ch]] += D[b * c + ch];
  }
  return [make(x.shape, dx)];
};
