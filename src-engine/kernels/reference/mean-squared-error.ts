import type { KernelImpl } from '../contracts';
import { expectDenseTarget, perSampleShape } from './loss-util';
import { fromAccumulator, type FloatTensor } from './tensor';

export const meanSquaredError: KernelImpl<'MeanSquaredError', FloatTensor> = ([target, output]) => {
  expectDenseTarget('MeanSquaredError', target, output);
  const T = target.values;
  const O = output.values;
  const c = output.shape[output.shape.length - 1];
  const loss = new Float64Array(O.length / c);
  for (let r = 0, row = 0; r < O.length; r += c, row++) {
    let l = 0;
    for (let j = 0; j < c; j++) {
      const d = O[r + j] - T[r + j];
      l += d * d;
    }
    loss[row] = l / c;
  }
  return [fromAccumulator(perSampleShape(output), O, loss)];
};
