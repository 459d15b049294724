import type { KernelImpl } from '../../../kernels/contracts';
import { window2d } from '../../../kernels/reference/conv-geometry';
import { formatShape } from '../../../kernels/reference/tensor';
import { im2colWasm } from '../im2col';
import type { WasmContext, WasmTensor } from '../tensor';

/** dfilter = colsᵀ · dy: the patches of x (im2col again) against the output gradient. */
export const conv2dBackpropFilter =
  (ctx: WasmContext): KernelImpl<'Conv2DBackpropFilter', WasmTensor> =>
  ([x, dy], attrs) => {
    if (attrs.filterShape.length !== 4) throw new Error(`Conv2DBackpropFilter: filterShape must have rank 4, got ${formatShape(attrs.filterShape)}`);
    const [kH, kW, fIn, cOut] = attrs.filterShape;
    const g = window2d('Conv2DBackpropFilter', x.shape, kH, kW, attrs);
    const expected = [g.batch, g.outH, g.outW, cOut];
    if (fIn !== g.channels || dy.shape.join() !== expected.join()) {
      throw new Error(`Conv2DBackpropFilter: x ${formatShape(x.shape)} and dy ${formatShape(dy.shape)} do not fit a ${formatShape(attrs.filterShape)} filter`);
    }
    const rows = g.batch * g.outH * g.outW;
    const depth = kH * kW * fIn;
    const { arena } = ctx.runtime;
    const dfilter = ctx.empty(attrs.filterShape);
    const mark = arena.mark();
    const cols = arena.alloc(rows * depth);
    im2colWasm(ctx.runtime, x.ptr, cols, g);
    ctx.runtime.gemm({ a: cols, b: dy.ptr, c: dfilter.ptr, m: depth, n: cOut, k: rows, transposeA: true });
    arena.release(mark);
    return [dfilter];
  };
