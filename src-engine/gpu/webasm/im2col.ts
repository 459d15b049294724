import type { Window2D } from '../../kernels/reference/conv-geometry';
import type { WasmRuntime } from '../wasm/wasm-runtime';

/** Rows of cols per chunk handed to a thread. */
const IM2COL_GRAIN = 512;

/** The window geometry in the order the wasm kernels take it (WINDOW_PARAMS). */
export function windowGeometry(g: Window2D): number[] {
  return [g.inH, g.inW, g.channels, g.kH, g.kW, g.strideH, g.strideW, g.padTop, g.padLeft, g.outH, g.outW];
}

/** im2col of the tensor at byte offset `x` into `cols`, in wasm on the runtime's threads. */
export function im2colWasm(runtime: WasmRuntime, x: number, cols: number, g: Window2D): void {
  runtime.pool.run('im2col', [x, cols, ...windowGeometry(g)], g.batch * g.outH * g.outW, IM2COL_GRAIN);
}

/** col2im into `dx` (which must be zeroed), in wasm, one image per chunk. */
export function col2imWasm(runtime: WasmRuntime, cols: number, dx: number, g: Window2D): void {
  runtime.pool.run('col2im', [cols, dx, ...windowGeometry(g)], g.batch, 1);
}

// The TypeScript twins below are the readable definition and the test oracle for the wasm kernels.

/**
 * im2col for NHWC: row r = (b, oy, ox) of `cols` holds the kH × kW × C input patch under output cell
 * (oy, ox), in the filter's [kH, kW, C] order, zeros where the window hangs over the padding. A
 * convolution is then cols · filter, with the filter read as its [kH·kW·C, cOut] matrix. Every value of
 * `cols` is written (wasm memory is reused, not zeroed).
 */
export function im2col(X: Float32Array, g: Window2D, cols: Float32Array): void {
  const c = g.channels;
  const rowLength = g.kH * g.kW * c;
  let r = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      for (let ox = 0; ox < g.outW; ox++, r += rowLength) {
        let o = r;
        for (let ky = 0; ky < g.kH; ky++) {
          const iy = oy * g.strideH - g.padTop + ky;
          const rowInside = iy >= 0 && iy < g.inH;
          for (let kx = 0; kx < g.kW; kx++, o += c) {
            const ix = ox * g.strideW - g.padLeft + kx;
            if (!rowInside || ix < 0 || ix >= g.inW) {
              cols.fill(0, o, o + c);
              continue;
            }
            const base = ((b * g.inH + iy) * g.inW + ix) * c;
            if (c === 1) cols[o] = X[base];
            else for (let ch = 0; ch < c; ch++) cols[o + ch] = X[base + ch];
          }
        }
      }
    }
  }
}

/** The adjoint of im2col: adds every patch row of `cols` back into `dx` (which the caller zeroes). */
export function col2im(cols: Float32Array, g: Window2D, dx: Float32Array): void {
  const c = g.channels;
  const rowLength = g.kH * g.kW * c;
  let r = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      for (let ox = 0; ox < g.outW; ox++, r += rowLength) {
        let o = r;
        for (let ky = 0; ky < g.kH; ky++) {
          const iy = oy * g.strideH - g.padTop + ky;
          const rowInside = iy >= 0 && iy < g.inH;
          for (let kx = 0; kx < g.kW; kx++, o += c) {
            const ix = ox * g.strideW - g.padLeft + kx;
            if (!rowInside || ix < 0 || ix >= g.inW) continue;
            const base = ((b * g.inH + iy) * g.inW + ix) * c;
            for (let ch = 0; ch < c; ch++) dx[base + ch] += cols[o + ch];
          }
        }
      }
    }
  }
}
