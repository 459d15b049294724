import type { KernelImpl } from '../contracts';
import { alloc, formatShape, make, sizeOfShape, type FloatTensor } from './tensor';

export const slice: KernelImpl<'Slice', FloatTensor> = ([x], { begin, size }) => {
  const rank = x.shape.length;
  if (
    begin.length !== rank ||
    size.length !== rank ||
    x.shape.some((d, i) => begin[i] < 0 || size[i] < 0 || begin[i] + size[i] > d)
  ) {
    throw new Error(
      `Slice: begin [${begin.join(', ')}] and size [${size.join(', ')}] do not fit inside ${formatShape(x.shape)}`,
    );
  }
  const X = x.values;
  const y = alloc(X, sizeOfShape(size));
  if (y.length === 0) return [make(size, y)];
  const strides = new Array<number>(rank);
  let stride = 1;
  for (let d = rank - 1; d >= 0; d--) {
    strides[d] = stride;
    stride *= x.shape[d];
  }
  // Copy contiguous runs along the last axis; walk the other axes with an odometer.
  const run = rank === 0 ? 1 : size[rank - 1];
  const index = new Array<number>(Math.max(rank - 1, 0)).fill(0);
  for (let o = 0; o < y.length; o += run) {
    let src = rank === 0 ? 0 : begin[rank - 1];
    for (let d = 0; d < rank - 1; d++) src += (begin[d] + index[d]) * strides[d];
    y.set(X.subarray(src, src + run), o);
    for (let d = rank - 2; d >= 0; d--) {
      if (++index[d] < size[d]) break;
      index[d] = 0;
    }
  }
  return [make(size, y)];
};
