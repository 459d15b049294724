import type { KernelImpl } from '../../../kernels/contracts';
import type { WasmContext, WasmTensor } from '../tensor';
import { viaReference } from '../via-reference';
import { ELEMENTWISE_GRAIN } from './bias-add';

/** ReLU's mask in wasm SIMD (dy where x > 0, as TF); the others through the reference loops. */
export const activationGrad = (ctx: WasmContext): KernelImpl<'ActivationGrad', WasmTensor> => {
  const other = viaReference(ctx, 'ActivationGrad');
  return (inputs, attrs) => {
    if (attrs.activation !== 'relu') return other(inputs, attrs);
    const [dy, x] = inputs;
    const dx = ctx.empty(dy.shape);
    ctx.runtime.pool.run('relu_grad', [dy.ptr, x.ptr, dx.ptr], dy.size, ELEMENTWISE_GRAIN);
    return [dx];
  };
};
