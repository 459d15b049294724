import type { KernelImpl } from '../contracts';
import { alloc, formatShape, make, sizeOfShape, type FloatTensor } from './tensor';

export const concat: KernelImpl<'Concat', FloatTensor> = (xs, { axis }) => {
  if (xs.length === 0) throw new Error('Concat: needs at least one input');
  const first = xs[0].shape;
  const rank = first.length;
  if (!Number.isInteger(axis) || axis < 0 || axis >= rank)
    throw new Error(`Concat: axis ${axis} is out of range for rank ${rank}`);
  for (const x of xs) {
    if (x.shape.length !== rank || x.shape.some((d, i) => i !== axis && d !== first[i])) {
      throw new Error(
        `Concat: shapes ${xs.map((t) => formatShape(t.shape)).join(', ')} must match on every axis except axis ${axis}`,
      );
    }
  }
  const outer = sizeOfShape(first.slice(0, axis));
  const inner = sizeOfShape(first.slice(axis + 1));
  const chunks = xs.map((x) => x.shape[axis] * inner);
  const rowLength = chunks.reduce((a, b) => a + b, 0);
  const shape = [...first];
  shape[axis] = xs.reduce((a, x) => a + x.shape[axis], 0);
  const y = alloc(xs[0].values, outer * rowLength);
  for (let o = 0; o < outer; o++) {
    let dst = o * rowLength;
    xs.forEach((x, i) => {
      const chunk = chunks[i];
      y.set(x.values.subarray(o * chunk, (o + 1) * chunk), dst);
      dst += chunk;
    });
  }
  return [make(shape, y)];
};
