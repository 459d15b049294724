import type { KernelImpl } from '../contracts';
import { alloc, expectRank, make, type FloatTensor } from './tensor';

export const pad2d: KernelImpl<'Pad2D', FloatTensor> = ([x], { top, bottom, left, right }) => {
  expectRank('Pad2D', 'x', x, 4);
  if ([top, bottom, left, right].some((p) => !Number.isInteger(p) || p < 0)) {
    throw new Error(
      `Pad2D: padding must be non-negative integers, got top ${top}, bottom ${bottom}, left ${left}, right ${right}`,
    );
  }
  const [n, h, w, c] = x.shape;
  const oh = h + top + bottom;
  const ow = w + left + right;
  const X = x.values;
  const y = alloc(X, n * oh * ow * c);
  const rowLength = w * c;
  for (let b = 0; b < n; b++) {
    for (let iy = 0; iy < h; iy++) {
      const src = (b * h + iy) * rowLength;
      y.set(X.subarray(src, src + rowLength), ((b * oh + iy + top) * ow + left) * c);
    }
  }
  return [make([n, oh, ow, c], y)];
};
