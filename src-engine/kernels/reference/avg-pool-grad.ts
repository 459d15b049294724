import type { KernelImpl } from '../contracts';
import { poolWindow } from './conv-geometry';
import { formatShape, fromAccumulator, type FloatTensor } from './tensor';

export const avgPoolGrad: KernelImpl<'AvgPoolGrad', FloatTensor> = ([dy], attrs) => {
  const g = poolWindow('AvgPoolGrad', attrs.inputShape, attrs);
  const c = g.channels;
  if (dy.shape.join() !== [g.batch, g.outH, g.outW, c].join()) {
    throw new Error(
      `AvgPoolGrad: dy ${formatShape(dy.shape)} does not match the pooled shape of ${formatShape(attrs.inputShape)}`,
    );
  }
  const D = dy.values;
  const dx = new Float64Array(g.batch * g.inH * g.inW * c);
  let o = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      const y0 = Math.max(oy * g.strideH - g.padTop, 0);
      const y1 = Math.min(oy * g.strideH - g.padTop + g.kH, g.inH);
      for (let ox = 0; ox < g.outW; ox++, o += c) {
        const x0 = Math.max(ox * g.strideW - g.padLeft, 0);
        const x1 = Math.min(ox * g.strideW - g.padLeft + g.kW, g.inW);
        const inv = 1 / ((y1 - y0) * (x1 - x0));
        for (let iy = y0; iy < y1; iy++) {
          for (let ix = x0; ix < x1; ix++) {
            const base = ((b * g.inH + iy) * g.inW + ix) * c;
            for (let ch = 0; ch < c; ch++) dx[base + ch] += D[o + ch] * inv;
          }
        }
      }
    }
  }
  return [fromAccumulator(attrs.inputShape, D, dx)];
};
