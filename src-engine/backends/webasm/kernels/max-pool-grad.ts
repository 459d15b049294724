import type { KernelImpl } from '../../../kernels/contracts';
import { poolWindow } from '../../../kernels/reference/conv-geometry';
import { formatShape } from '../../../kernels/reference/tensor';
import { windowGeometry } from '../col2im';
import type { WasmContext, WasmTensor } from '../tensor';

/** Routes dy to the first maximum of each window in row-major order, as the reference (and TF) do. */
export const maxPoolGrad =
  (ctx: WasmContext): KernelImpl<'MaxPoolGrad', WasmTensor> =>
  ([dy, x], attrs) => {
    const g = poolWindow('MaxPoolGrad', x.shape, attrs);
    if (dy.shape.join() !== [g.batch, g.outH, g.outW, g.channels].join()) {
      throw new Error(
        `MaxPoolGrad: dy ${formatShape(dy.shape)} does not match the pooled shape of ${formatShape(x.shape)}`,
      );
    }
    const dx = ctx.empty(x.shape);
    ctx.values(dx).fill(0);
    ctx.runtime.pool.run('max_pool_grad', [dy.ptr, x.ptr, dx.ptr, ...windowGeometry(g)], g.batch, 1);
    return [dx];
  };
