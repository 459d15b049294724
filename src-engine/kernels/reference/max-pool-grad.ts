import type { KernelImpl } from '../contracts';
import { poolWindow } from './conv-geometry';
import { formatShape, fromAccumulator, type FloatTensor } from './tensor';

export const maxPoolGrad: KernelImpl<'MaxPoolGrad', FloatTensor> = ([dy, x], attrs) => {
  const g = poolWindow('MaxPoolGrad', x.shape, attrs);
  const c = g.channels;
  if (dy.shape.join() !== [g.batch, g.outH, g.outW, c].join()) {
    throw new Error(
      `MaxPoolGrad: dy ${formatShape(dy.shape)} does not match the pooled shape of ${formatShape(x.shape)}`,
    );
  }
  const X = x.values;
  const D = dy.values;
  const dx = new Float64Array(X.length);
  const best = new Float64Array(c);
  const arg = new Int32Array(c);
  let o = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      const y0 = Math.max(oy * g.strideH - g.padTop, 0);
      const y1 = Math.min(oy * g.strideH - g.padTop + g.kH, g.inH);
      for (let ox = 0; ox < g.outW; ox++, o += c) {
        const x0 = Math.max(ox * g.strideW - g.padLeft, 0);
        const x1 = Math.min(ox * g.strideW - g.padLeft + g.kW, g.inW);
        best.fill(-Infinity);
        arg.fill(-1);
        for (let iy = y0; iy < y1; iy++) {
          for (let ix = x0; ix < x1; ix++) {
            const base = ((b * g.inH + iy) * g.inW + ix) * c;
            for (let ch = 0; ch < c; ch++) {
              // Strict '>' keeps the first maximum in row-major order, as TF does.
              if (X[base + ch] > best[ch] || arg[ch] < 0) {
                best[ch] = X[base + ch];
                arg[ch] = base + ch;
              }
            }
          }
        }
        for (let ch = 0; ch < c; ch++) dx[arg[ch]] += D[o + ch];
      }
    }
  }
  return [fromAccumulator(x.shape, D, dx)];
};
