import type { KernelImpl } from '../../../kernels/contracts';
import { window2d } from '../../../kernels/reference/conv-geometry';
import { formatShape } from '../../../kernels/reference/tensor';
import { im2colWasm } from '../im2col';
import type { WasmContext, WasmTensor } from '../tensor';

/** im2col, then one GEMM: [B·outH·outW, kH·kW·C] · [kH·kW·C, cOut] is the NHWC output. */
export const conv2d =
  (ctx: WasmContext): KernelImpl<'Conv2D', WasmTensor> =>
  ([x, filter], attrs) => {
    if (filter.shape.length !== 4) throw new Error(`Conv2D: filter must have rank 4, got shape ${formatShape(filter.shape)}`);
    const [kH, kW, fIn, cOut] = filter.shape;
    const g = window2d('Conv2D', x.shape, kH, kW, attrs);
    if (fIn !== g.channels) {
      throw new Error(`Conv2D: filter ${formatShape(filter.shape)} expects ${fIn} input channels, input ${formatShape(x.shape)} has ${g.channels}`);
    }
    const rows = g.batch * g.outH * g.outW;
    const depth = kH * kW * fIn;
    const { arena } = ctx.runtime;
    const y = ctx.empty([g.batch, g.outH, g.outW, cOut]);
    const mark = arena.mark();
    const cols = arena.alloc(rows * depth);
    im2colWasm(ctx.runtime, x.ptr, cols, g);
    ctx.runtime.gemm({ a: cols, b: filter.ptr, c: y.ptr, m: rows, n: cOut, k: depth });
    arena.release(mark);
    return [y];
  };
