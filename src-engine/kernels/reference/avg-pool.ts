import type { KernelImpl } from '../contracts';
import { poolWindow } from './conv-geometry';
import { fromAccumulator, type FloatTensor } from './tensor';

export const avgPool: KernelImpl<'AvgPool', FloatTensor> = ([x], attrs) => {
  const g = poolWindow('AvgPool', x.shape, attrs);
  const X = x.values;
  const c = g.channels;
  const y = new Float64Array(g.batch * g.outH * g.outW * c);
  let o = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      const y0 = Math.max(oy * g.strideH - g.padTop, 0);
      const y1 = Math.min(oy * g.strideH - g.padTop + g.kH, g.inH);
      for (let ox = 0; ox < g.outW; ox++, o += c) {
        const x0 = Math.max(ox * g.strideW - g.padLeft, 0);
        const x1 = Math.min(ox * g.strideW - g.padLeft + g.kW, g.inW);
        for (let iy = y0; iy < y1; iy++) {
          for (let ix = x0; ix < x1; ix++) {
            const base = ((b * g.inH + iy) * g.inW + ix) * c;
            for (let ch = 0; ch < c; ch++) y[o + ch] += X[base + ch];
          }
        }
        // TF divides by the number of real (unpadded) cells in the window.
        const inv = 1 / ((y1 - y0) * (x1 - x0));
        for (let ch = 0; ch < c; ch++) y[o + ch] *= inv;
      }
    }
  }
  return [fromAccumulator([g.batch, g.outH, g.outW, c], X, y)];
};
