import type { Window2D } from '../../kernels/reference/conv-geometry';
import type { WasmRuntime } from './wasm-runtime';

/** The window geometry in the order the wasm kernels take it (WINDOW_PARAMS). */
export function windowGeometry(g: Window2D): number[] {
  return [g.inH, g.inW, g.channels, g.kH, g.kW, g.strideH, g.strideW, g.padTop, g.padLeft, g.outH, g.outW];
}

/** col2im into `dx` (which must be zeroed), in wasm, one image per chunk. */
export function col2imWasm(runtime: WasmRuntime, cols: number, dx: number, g: Window2D): void {
  runtime.pool.run('col2im', [cols, dx, ...windowGeometry(g)], g.batch, 1);
}

// The TypeScript twin below is the readable definition and the test oracle for the wasm kernel.

/**
 * col2im for NHWC: row r = (b, oy, ox) of `cols` is the gradient of the kH × kW × C input patch under
 * output cell (oy, ox), in the filter's [kH, kW, C] order; each value is added to the input pixel it
 * came from (cells in the padding are dropped). `dx` must be zeroed by the caller.
 */
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
