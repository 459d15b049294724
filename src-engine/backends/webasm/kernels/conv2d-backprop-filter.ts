import type { KernelImpl } from '../../../kernels/contracts';
import { window2d } from '../../../kernels/reference/conv-geometry';
import { formatShape } from '../../../kernels/reference/tensor';
import { indirectGemm } from '../gemm';
import { paddedInput, windowOffsets, windowOrigins } from '../implicit-conv';
import type { WasmContext, WasmTensor } from '../tensor';

/**
 * dfilter = colsᵀ · dy with the windows read from the padded input: the roles of the two offset tables
 * swap (rows of the product are filter positions, its k runs over output pixels).
 */
export const conv2dBackpropFilter =
  (ctx: WasmContext): KernelImpl<'Conv2DBackpropFilter', WasmTensor> =>
  ([x, dy], attrs) => {
    if (attrs.filterShape.length !== 4)
      throw new Error(`Conv2DBackpropFilter: filterShape must have rank 4, got ${formatShape(attrs.filterShape)}`);
    const [kH, kW, fIn, cOut] = attrs.filterShape;
    const g = window2d('Conv2DBackpropFilter', x.shape, kH, kW, attrs);
    const expected = [g.batch, g.outH, g.outW, cOut];
    if (fIn !== g.channels || dy.shape.join() !== expected.join()) {
      throw new Error(
        `Conv2DBackpropFilter: x ${formatShape(x.shape)} and dy ${formatShape(dy.shape)} do not fit a ` +
          `${formatShape(attrs.filterShape)} filter`,
      );
    }
    const { arena } = ctx.runtime;
    const dfilter = ctx.empty(attrs.filterShape);
    const mark = arena.mark();
    const image = paddedInput(arena, x.ptr, g);
    const pixels = windowOrigins(arena, image, g.batch, g.outH, g.outW, g.strideH, g.strideW);
    const positions = windowOffsets(arena, image, kH, kW);
    const rows = g.batch * g.outH * g.outW;
    indirectGemm(ctx.runtime.pool, {
      rowOffsets: positions,
      kOffsets: pixels,
      b: dy.ptr,
      c: dfilter.ptr,
      m: kH * kW * fIn,
      n: cOut,
      k: rows,
    });
    arena.release(mark);
    return [dfilter];
  };
