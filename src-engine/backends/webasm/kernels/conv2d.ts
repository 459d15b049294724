import type { KernelImpl } from '../../../kernels/contracts';
import { window2d } from '../../../kernels/reference/conv-geometry';
import { formatShape } from '../../../kernels/reference/tensor';
import { indirectGemm } from '../gemm';
import { paddedInput, windowOffsets, windowOrigins } from '../implicit-conv';
import type { WasmContext, WasmTensor } from '../tensor';

/** One GEMM reading the windows straight from the padded input: [B·outH·outW, kH·kW·C] · [kH·kW·C, cOut]. */
export const conv2d =
  (ctx: WasmContext): KernelImpl<'Conv2D', WasmTensor> =>
  ([x, filter], attrs) => {
    if (filter.shape.length !== 4)
      throw new Error(`Conv2D: filter must have rank 4, got shape ${formatShape(filter.shape)}`);
    const [kH, kW, fIn, cOut] = filter.shape;
    const g = window2d('Conv2D', x.shape, kH, kW, attrs);
    if (fIn !== g.channels) {
      throw new Error(
        `Conv2D: filter ${formatShape(filter.shape)} expects ${fIn} ` +
          `input channels, input ${formatShape(x.shape)} has ${g.channels}`,
      );
    }
    const { arena } = ctx.runtime;
    const y = ctx.empty([g.batch, g.outH, g.outW, cOut]);
    const mark = arena.mark();
    const image = paddedInput(arena, x.ptr, g);
    const rowOffsets = windowOrigins(arena, image, g.batch, g.outH, g.outW, g.strideH, g.strideW);
    const kOffsets = windowOffsets(arena, image, kH, kW);
    indirectGemm(ctx.runtime.pool, {
      rowOffsets,
      kOffsets,
      b: filter.ptr,
      c: y.ptr,
      m: g.batch * g.outH * g.outW,
      n: cOut,
      k: kH * kW * fIn,
    });
    arena.release(mark);
    return [y];
  };
