import type { KernelImpl } from '../../../kernels/contracts';
import { poolWindow } from '../../../kernels/reference/conv-geometry';
import { windowGeometry } from '../col2im';
import type { WasmContext, WasmTensor } from '../tensor';

/** Output cells per chunk handed to a thread. */
const POOL_GRAIN = 512;

export const maxPool =
  (ctx: WasmContext): KernelImpl<'MaxPool', WasmTensor> =>
  ([x], attrs) => {
    const g = poolWindow('MaxPool', x.shape, attrs);
    const y = ctx.empty([g.batch, g.outH, g.outW, g.channels]);
    ctx.runtime.pool.run('max_pool', [x.ptr, y.ptr, ...windowGeometry(g)], g.batch * g.outH * g.outW, POOL_GRAIN);
    return [y];
  };
