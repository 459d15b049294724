import type { KernelImpl } from '../../../kernels/contracts';
import type { WasmContext, WasmTensor } from '../tensor';

/** Sums dy over every axis but the last, accumulating in float64 like the reference. */
export const biasAddGrad =
  (ctx: WasmContext): KernelImpl<'BiasAddGrad', WasmTensor> =>
  ([dy]) => {
    const c = dy.shape[dy.shape.length - 1];
    const D = ctx.values(dy);
    const sums = new Float64Array(c);
    for (let i = 0; i < D.length; i += c) {
      for (let j = 0; j < c; j++) sums[j] += D[i + j];
    }
    return [ctx.fromValues([c], sums)];
  };
