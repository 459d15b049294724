import type { Window2D } from '../../kernels/reference/conv-geometry';
import type { WasmArena } from './wasm-arena';

/**
 * Convolution as a GEMM whose A is read straight from the input: row i = output pixel (b, oy, ox) starts
 * at the window's top-left input pixel, column k = (ky, kx, c) is a fixed offset from there. The input is
 * first copied into a zero-bordered buffer so no window needs a bounds check; that copy is a few per cent
 * of what the im2col matrix would be (kH·kW times the input).
 */
export interface PaddedImage {
  ptr: number;
  height: number;
  width: number;
  channels: number;
}

/**
 * The NHWC tensor at `src` ([batch, inH, inW, c]) inside a zeroed [batch, height, width, c] buffer, its
 * pixel (y, x) at (y + top, x + left). Returns `src` itself when there is no border to add.
 */
export function padImage(
  arena: WasmArena,
  src: number,
  batch: number,
  inH: number,
  inW: number,
  c: number,
  top: number,
  left: number,
  height: number,
  width: number,
): PaddedImage {
  if (top === 0 && left === 0 && height === inH && width === inW) return { ptr: src, height, width, channels: c };
  const ptr = arena.alloc(batch * height * width * c);
  const out = arena.f32(ptr, batch * height * width * c);
  out.fill(0);
  const input = arena.f32(src, batch * inH * inW * c);
  const rowLength = inW * c;
  for (let b = 0; b < batch; b++) {
    for (let y = 0; y < inH; y++) {
      const from = (b * inH + y) * rowLength;
      out.set(input.subarray(from, from + rowLength), ((b * height + y + top) * width + left) * c);
    }
  }
  return { ptr, height, width, channels: c };
}

/** The input a forward window walk needs: `x` bordered by the 'same' padding (none for 'valid'). */
export function paddedInput(arena: WasmArena, x: number, g: Window2D): PaddedImage {
  const height = Math.max(g.padTop + g.inH, (g.outH - 1) * g.strideH + g.kH);
  const width = Math.max(g.padLeft + g.inW, (g.outW - 1) * g.strideW + g.kW);
  return padImage(arena, x, g.batch, g.inH, g.inW, g.channels, g.padTop, g.padLeft, height, width);
}

/** Row table: the byte address of each output pixel's window origin in `image`, pixels in NHWC order. */
export function windowOrigins(
  arena: WasmArena,
  image: PaddedImage,
  batch: number,
  outH: number,
  outW: number,
  strideH: number,
  strideW: number,
): number {
  const count = batch * outH * outW;
  const ptr = arena.alloc(count);
  const table = arena.i32(ptr, count);
  const pixel = image.channels * 4;
  let i = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const rowStart = image.ptr + (b * image.height + oy * strideH) * image.width * pixel;
      for (let ox = 0; ox < outW; ox++) table[i++] = rowStart + ox * strideW * pixel;
    }
  }
  return ptr;
}

/** Column table: the byte offset of (ky, kx, c) from a window's origin, in the filter's [kH, kW, C] order. */
export function windowOffsets(arena: WasmArena, image: PaddedImage, kH: number, kW: number): number {
  const c = image.channels;
  const count = kH * kW * c;
  const ptr = arena.alloc(count);
  const table = arena.i32(ptr, count);
  let k = 0;
  for (let ky = 0; ky < kH; ky++) {
    for (let kx = 0; kx < kW; kx++) {
      for (let ch = 0; ch < c; ch++) table[k++] = ((ky * image.width + kx) * c + ch) * 4;
    }
  }
  return ptr;
}
