import type { KernelImpl } from '../contracts';
import { window2d } from './conv-geometry';
import { expectRank, formatShape, fromAccumulator, type FloatTensor } from './tensor';

export const conv2dBackpropInput: KernelImpl<'Conv2DBackpropInput', FloatTensor> = ([dy, filter], attrs) => {
  expectRank('Conv2DBackpropInput', 'filter', filter, 4);
  const [kH, kW, cIn, cOut] = filter.shape;
  const g = window2d('Conv2DBackpropInput', attrs.inputShape, kH, kW, attrs);
  const expected = [g.batch, g.outH, g.outW, cOut];
  if (dy.shape.join() !== expected.join()) {
    throw new Error(`Conv2DBackpropInput: dy must have shape ${formatShape(expected)}, got ${formatShape(dy.shape)}`);
  }
  const D = dy.values;
  const F = filter.values;
  const dx = new Float64Array(g.batch * g.inH * g.inW * cIn);
  let d = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      for (let ox = 0; ox < g.outW; ox++, d += cOut) {
        for (let ky = 0; ky < kH; ky++) {
          const iy = oy * g.strideH - g.padTop + ky;
          if (iy < 0 || iy >= g.inH) continue;
          for (let kx = 0; kx < kW; kx++) {
            const ix = ox * g.strideW - g.padLeft + kx;
            if (ix < 0 || ix >= g.inW) continue;
            const xBase = ((b * g.inH + iy) * g.inW + ix) * cIn;
            const fBase = (ky * kW + kx) * cIn * cOut;
            let ci = 0;
            // Four input channels per pass share each load of dy.
            for (; ci + 4 <= cIn; ci += 4) {
              const r0 = fBase + ci * cOut;
              const r1 = r0 + cOut;
              const r2 = r1 + cOut;
              const r3 = r2 + cOut;
              let s0 = 0;
              let s1 = 0;
              let s2 = 0;
              let s3 = 0;
              for (let co = 0; co < cOut; co++) {
                const dv = D[d + co];
                s0 += dv * F[r0 + co];
                s1 += dv * F[r1 + co];
                s2 += dv * F[r2 + co];
                s3 += dv * F[r3 + co];
              }
              dx[xBase + ci] += s0;
              dx[xBase + ci + 1] += s1;
              dx[xBase + ci + 2] += s2;
              dx[xBase + ci + 3] += s3;
            }
            for (; ci < cIn; ci++) {
              const fRow = fBase + ci * cOut;
              let s = 0;
              for (let co = 0; co < cOut; co++) s += D[d + co] * F[fRow + co];
              dx[xBase + ci] += s;
            }
          }
        }
      }
    }
  }
  return [fromAccumulator(attrs.inputShape, D, dx)];
};
