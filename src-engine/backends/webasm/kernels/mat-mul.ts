import type { KernelImpl } from '../../../kernels/contracts';
import { formatShape } from '../../../kernels/reference/tensor';
import type { WasmContext, WasmTensor } from '../tensor';

export const matMul =
  (ctx: WasmContext): KernelImpl<'MatMul', WasmTensor> =>
  ([a, b], { transposeA, transposeB }) => {
    if (a.shape.length !== 2 || b.shape.length !== 2) {
      throw new Error(`MatMul: a and b must have rank 2, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
    }
    const [m, k] = transposeA ? [a.shape[1], a.shape[0]] : a.shape;
    const [kb, n] = transposeB ? [b.shape[1], b.shape[0]] : b.shape;
    if (k !== kb) {
      throw new Error(
        `MatMul: inner dimensions differ: a ${formatShape(a.shape)}${transposeA ? 'ᵀ' : ''} × b ` +
          `${formatShape(b.shape)}${transposeB ? 'ᵀ' : ''}`,
      );
    }
    const c = ctx.empty([m, n]);
    if (k === 0) ctx.values(c).fill(0);
    else ctx.runtime.gemm({ a: a.ptr, b: b.ptr, c: c.ptr, m, n, k, transposeA, transposeB });
    return [c];
  };
