import type { KernelImpl } from '../../../kernels/contracts';
import { window2d, type Window2D } from '../../../kernels/reference/conv-geometry';
import { formatShape } from '../../../kernels/reference/tensor';
import { indirectGemm } from '../gemm';
import { col2imWasm } from '../col2im';
import { padImage, windowOffsets, windowOrigins } from '../implicit-conv';
import type { WasmContext, WasmTensor } from '../tensor';

/**
 * Stride 1: dx is a 'full' convolution of dy with the filter turned 180° and its channel axes swapped,
 * dy bordered by kH − 1 − padTop rows (kW − 1 − padLeft columns) — one GEMM read straight from dy.
 * Other strides: dcols = dy · filterᵀ, then col2im adds each patch back where it came from.
 */
function flippedFilter(ctx: WasmContext, filter: WasmTensor): number {
  const [kH, kW, cIn, cOut] = filter.shape;
  const ptr = ctx.runtime.arena.alloc(filter.size);
  const src = ctx.values(filter);
  const dst = ctx.runtime.arena.f32(ptr, filter.size);
  for (let ky = 0; ky < kH; ky++) {
    for (let kx = 0; kx < kW; kx++) {
      const from = ((kH - 1 - ky) * kW + (kW - 1 - kx)) * cIn * cOut;
      const to = (ky * kW + kx) * cOut * cIn;
      for (let ci = 0; ci < cIn; ci++)
        for (let co = 0; co < cOut; co++) dst[to + co * cIn + ci] = src[from + ci * cOut + co];
    }
  }
  return ptr;
}

function stridedBackprop(ctx: WasmContext, dy: WasmTensor, filter: WasmTensor, g: Window2D, dx: WasmTensor): void {
  const [kH, kW, cIn, cOut] = filter.shape;
  const rows = g.batch * g.outH * g.outW;
  const depth = kH * kW * cIn;
  const dcols = ctx.runtime.arena.alloc(rows * depth);
  ctx.runtime.gemm({ a: dy.ptr, b: filter.ptr, c: dcols, m: rows, n: depth, k: cOut, transposeB: true });
  ctx.values(dx).fill(0);
  col2imWasm(ctx.runtime, dcols, dx.ptr, g);
}

export const conv2dBackpropInput =
  (ctx: WasmContext): KernelImpl<'Conv2DBackpropInput', WasmTensor> =>
  ([dy, filter], attrs) => {
    if (filter.shape.length !== 4)
      throw new Error(`Conv2DBackpropInput: filter must have rank 4, got shape ${formatShape(filter.shape)}`);
    const [kH, kW, cIn, cOut] = filter.shape;
    const g = window2d('Conv2DBackpropInput', attrs.inputShape, kH, kW, attrs);
    const expected = [g.batch, g.outH, g.outW, cOut];
    if (dy.shape.join() !== expected.join() || g.channels !== cIn) {
      throw new Error(`Conv2DBackpropInput: dy must have shape ${formatShape(expected)}, got ${formatShape(dy.shape)}`);
    }
    const { arena } = ctx.runtime;
    const dx = ctx.empty(attrs.inputShape);
    const mark = arena.mark();
    if (g.strideH !== 1 || g.strideW !== 1) {
      stridedBackprop(ctx, dy, filter, g, dx);
    } else {
      const top = kH - 1 - g.padTop;
      const left = kW - 1 - g.padLeft;
      const image = padImage(arena, dy.ptr, g.batch, g.outH, g.outW, cOut, top, left, g.inH + kH - 1, g.inW + kW - 1);
      const rowOffsets = windowOrigins(arena, image, g.batch, g.inH, g.inW, 1, 1);
      const kOffsets = windowOffsets(arena, image, kH, kW);
      const b = flippedFilter(ctx, filter);
      indirectGemm(ctx.runtime.pool, {
        rowOffsets,
        kOffsets,
        b,
        c: dx.ptr,
        m: g.batch * g.inH * g.inW,
        n: cIn,
        k: kH * kW * cOut,
      });
    }
    arena.release(mark);
    return [dx];
  };
