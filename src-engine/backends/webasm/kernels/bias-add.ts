import type { KernelImpl } from '../../../kernels/contracts';
import { formatShape } from '../../../kernels/reference/tensor';
import type { WasmContext, WasmTensor } from '../tensor';

/** Values per chunk handed to a thread by the element-wise kernels. */
export const ELEMENTWISE_GRAIN = 1 << 14;

export const biasAdd =
  (ctx: WasmContext): KernelImpl<'BiasAdd', WasmTensor> =>
  ([x, bias]) => {
    const c = x.shape[x.shape.length - 1];
    if (bias.shape.length !== 1 || bias.shape[0] !== c) {
      throw new Error(
        `BiasAdd: bias must have shape [${c}] (the last axis of ${formatShape(x.shape)}), got ` +
          `${formatShape(bias.shape)}`,
      );
    }
    const y = ctx.empty(x.shape);
    const rows = c === 0 ? 0 : x.size / c;
    ctx.runtime.pool.run('bias_add', [x.ptr, bias.ptr, y.ptr, c], rows, Math.max(1, Math.ceil(ELEMENTWISE_GRAIN / c)));
    return [y];
  };
