import type { KernelImpl } from '../contracts';
import { formatShape, make, sizeOfShape, type FloatTensor } from './tensor';

/** Shares the input's storage: tensors are never written after creation (optimizer updates aside). */
export const reshape: KernelImpl<'Reshape', FloatTensor> = ([x], { shape }) => {
  if (sizeOfShape(shape) !== x.values.length || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Error(
      `Reshape: cannot reshape ${formatShape(x.shape)} (${x.values.length} values) to ${formatShape(shape)}`,
    );
  }
  return [make(shape, x.values)];
};
