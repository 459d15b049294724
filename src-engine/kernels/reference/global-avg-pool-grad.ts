import type { KernelImpl } from '../contracts';
import { alloc, formatShape, make, type FloatTensor } from './tensor';

export const globalAvgPoolGrad: KernelImpl<'GlobalAvgPoolGrad', FloatTensor> = ([dy], { inputShape }) => {
  const [n, h, w, c] = inputShape;
  if (dy.shape.join() !== [n, c].join()) {
    throw new Error(`GlobalAvgPoolGrad: dy must have shape [${n}, ${c}], got ${formatShape(dy.shape)}`);
  }
  const D = dy.values;
  const dx = alloc(D, n * h * w * c);
  const inv = 1 / (h * w);
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < h * w; p++) {
      const base = (b * h * w + p) * c;
      for (let ch = 0; ch < c; ch++) dx[base + ch] = D[b * c + ch] * inv;
    }
  }
  return [make(inputShape, dx)];
};
