import type { KernelImpl } from '../../../kernels/contracts';
import { window2d } from '../../../kernels/reference/conv-geometry';
import { formatShape } from '../../../kernels/reference/tensor';
import { col2imWasm } from '../im2col';
import type { WasmContext, WasmTensor } from '../tensor';

/** dcols = dy · filterᵀ, then col2im adds each patch gradient back onto the input positions it came from. */
export const conv2dBackpropInput =
  (ctx: WasmContext): KernelImpl<'Conv2DBackpropInput', WasmTensor> =>
  ([dy, filter], attrs) => {
    if (filter.shape.length !== 4) throw new Error(`Conv2DBackpropInput: filter must have rank 4, got shape ${formatShape(filter.shape)}`);
    const [kH, kW, cIn, cOut] = filter.shape;
    const g = window2d('Conv2DBackpropInput', attrs.inputShape, kH, kW, attrs);
    const expected = [g.batch, g.outH, g.outW, cOut];
    if (dy.shape.join() !== expected.join() || g.channels !== cIn) {
      throw new Error(`Conv2DBackpropInput: dy must have shape ${formatShape(expected)}, got ${formatShape(dy.shape)}`);
    }
    const rows = g.batch * g.outH * g.outW;
    const depth = kH * kW * cIn;
    const { arena } = ctx.runtime;
    const dx = ctx.empty(attrs.inputShape);
    const mark = arena.mark();
    const dcols = arena.alloc(rows * depth);
    ctx.runtime.gemm({ a: dy.ptr, b: filter.ptr, c: dcols, m: rows, n: depth, k: cOut, transposeB: true });
    ctx.values(dx).fill(0);
    col2imWasm(ctx.runtime, dcols, dx.ptr, g);
    arena.release(mark);
    return [dx];
  };
