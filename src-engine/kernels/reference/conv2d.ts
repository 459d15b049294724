import type { KernelImpl } from '../contracts';
import { window2d } from './conv-geometry';
import { alloc, expectRank, formatShape, make, type FloatTensor } from './tensor';

export const conv2d: KernelImpl<'Conv2D', FloatTensor> = ([x, filter], attrs) => {
  expectRank('Conv2D', 'filter', filter, 4);
  const [kH, kW, fIn, cOut] = filter.shape;
  const g = window2d('Conv2D', x.shape, kH, kW, attrs);
  if (fIn !== g.channels) {
    throw new Error(
      `Conv2D: filter ${formatShape(filter.shape)} expects ${fIn} ` +
        `input channels, input ${formatShape(x.shape)} has ${g.channels}`,
    );
  }
  const X = x.values;
  const F = filter.values;
  const y = alloc(X, g.batch * g.outH * g.outW * cOut);
  const acc = new Float64Array(cOut);
  let o = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      for (let ox = 0; ox < g.outW; ox++) {
        acc.fill(0);
        for (let ky = 0; ky < kH; ky++) {
          const iy = oy * g.strideH - g.padTop + ky;
          if (iy < 0 || iy >= g.inH) continue;
          for (let kx = 0; kx < kW; kx++) {
            const ix = ox * g.strideW - g.padLeft + kx;
            if (ix < 0 || ix >= g.inW) continue;
            const xBase = ((b * g.inH + iy) * g.inW + ix) * fIn;
            const fBase = (ky * kW + kx) * fIn * cOut;
            let ci = 0;
            // Four input channels per pass: one accumulator update per four multiply-adds.
            for (; ci + 4 <= fIn; ci += 4) {
              const x0 = X[xBase + ci];
              const x1 = X[xBase + ci + 1];
              const x2 = X[xBase + ci + 2];
              const x3 = X[xBase + ci + 3];
              const r0 = fBase + ci * cOut;
              const r1 = r0 + cOut;
              const r2 = r1 + cOut;
              const r3 = r2 + cOut;
              for (let co = 0; co < cOut; co++)
                acc[co] += x0 * F[r0 + co] + x1 * F[r1 + co] + x2 * F[r2 + co] + x3 * F[r3 + co];
            }
            for (; ci < fIn; ci++) {
              const xv = X[xBase + ci];
              if (xv === 0) continue;
              const fRow = fBase + ci * cOut;
              for (let co = 0; co < cOut; co++) acc[co] += xv * F[fRow + co];
            }
          }
        }
        for (let co = 0; co < cOut; co++) y[o++] = acc[co];
      }
    }
  }
  return [make([g.batch, g.outH, g.outW, cOut], y)];
};
