import type { KernelImpl } from '../contracts';
import { window2d } from './conv-geometry';
import { formatShape, fromAccumulator, type FloatTensor } from './tensor';

export const conv2dBackpropFilter: KernelImpl<'Conv2DBackpropFilter', FloatTensor> = ([x, dy], attrs) => {
  const [kH, kW, cIn, cOut] = attrs.filterShape;
  const g = window2d('Conv2DBackpropFilter', x.shape, kH, kW, attrs);
  const expected = [g.batch, g.outH, g.outW, cOut];
  if (g.channels !== cIn || dy.shape.join() !== expected.join()) {
    throw new Error(
      `Conv2DBackpropFilter: x ${formatShape(x.shape)} and dy ${formatShape(dy.shape)} do not match filter shape ${formatShape(attrs.filterShape)}`,
    );
  }
  const X = x.values;
  const D = dy.values;
  const df = new Float64Array(kH * kW * cIn * cOut);
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
            for (let ci = 0; ci < cIn; ci++) {
              const xv = X[xBase + ci];
              if (xv === 0) continue;
              const fRow = fBase + ci * cOut;
              for (let co = 0; co < cOut; co++) df[fRow + co] += xv * D[d + co];
            }
          }
        }
      }
    }
  }
  return [fromAccumulator(attrs.filterShape, X, df)];
};
