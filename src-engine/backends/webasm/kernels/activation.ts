import type { KernelImpl } from '../../../kernels/contracts';
import type { WasmContext, WasmTensor } from '../tensor';
import { viaReference } from '../via-reference';
import { ELEMENTWISE_GRAIN } from './bias-add';

/** ReLU in wasm SIMD (the CNNs' activation); the others through the reference loops. */
export const activation = (ctx: WasmContext): KernelImpl<'Activation', WasmTensor> => {
  const other = viaReference(ctx, 'Activation');
  return (inputs, attrs) => {
    if (attrs.activation !== 'relu') return other(inputs, attrs);
    const [x] = inputs;
    const y = ctx.empty(x.shape);
    ctx.runtime.pool.run('relu', [x.ptr, y.ptr], x.size, ELEMENTWISE_GRAIN);
    return [y];
  };
};
