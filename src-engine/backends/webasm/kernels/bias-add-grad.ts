import type { KernelImpl } from '../../../kernels/contracts';
import type { WasmContext, WasmTensor } from '../tensor';

/** Sums dy over every axis but the last: column sums in wasm, four columns per thread chunk. */
export const biasAddGrad =
  (ctx: WasmContext): KernelImpl<'BiasAddGrad', WasmTensor> =>
  ([dy]) => {
    const c = dy.shape[dy.shape.length - 1];
    const dbias = ctx.empty([c]);
    const rows = c === 0 ? 0 : dy.size / c;
    ctx.runtime.pool.run('column_sums', [dy.ptr, dbias.ptr, rows, c], c, 4);
    return [dbias];
  };
