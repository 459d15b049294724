import type { KernelImpl } from '../contracts';
import { window2d } from './conv-geometry';
import { formatShape, fromAccumulator, type FloatTensor } from './tensor';

const GROUP = 4;

/**
 * dfilter[ky, kx, ci, :] = Σ over output positions of x[input cell, ci] · dy[position, :]. Positions are
 * taken four at a time along a row, so each filter-gradient entry is updated once per four multiply-adds.
 */
export const conv2dBackpropFilter: KernelImpl<'Conv2DBackpropFilter', FloatTensor> = ([x, dy], attrs) => {
  const [kH, kW, cIn, cOut] = attrs.filterShape;
  const g = window2d('Conv2DBackpropFilter', x.shape, kH, kW, attrs);
  const expected = [g.batch, g.outH, g.outW, cOut];
  if (g.channels !== cIn || dy.shape.join() !== expected.join()) {
    throw new Error(
      `Conv2DBackpropFilter: x ${formatShape(x.shape)} and dy ${formatShape(dy.shape)} do not match filter shape ` +
        `${formatShape(attrs.filterShape)}`,
    );
  }
  const X = x.values;
  const D = dy.values;
  const df = new Float64Array(kH * kW * cIn * cOut);
  // Input offsets of the group's positions for one (ky, kx), −1 where the cell is padding.
  const xBase = new Int32Array(GROUP);
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      for (let ox0 = 0; ox0 < g.outW; ox0 += GROUP) {
        const count = Math.min(GROUP, g.outW - ox0);
        const d0 = ((b * g.outH + oy) * g.outW + ox0) * cOut;
        for (let ky = 0; ky < kH; ky++) {
          const iy = oy * g.strideH - g.padTop + ky;
          if (iy < 0 || iy >= g.inH) continue;
          for (let kx = 0; kx < kW; kx++) {
            let any = false;
            for (let k = 0; k < GROUP; k++) {
              const ix = (ox0 + k) * g.strideW - g.padLeft + kx;
              const ok = k < count && ix >= 0 && ix < g.inW;
              xBase[k] = ok ? ((b * g.inH + iy) * g.inW + ix) * cIn : -1;
              any ||= ok;
            }
            if (!any) continue;
            const fBase = (ky * kW + kx) * cIn * cOut;
            if (count === GROUP) {
              const [a0, a1, a2, a3] = xBase;
              const e1 = d0 + cOut;
              const e2 = e1 + cOut;
              const e3 = e2 + cOut;
              for (let ci = 0; ci < cIn; ci++) {
                const x0 = a0 < 0 ? 0 : X[a0 + ci];
                const x1 = a1 < 0 ? 0 : X[a1 + ci];
                const x2 = a2 < 0 ? 0 : X[a2 + ci];
                const x3 = a3 < 0 ? 0 : X[a3 + ci];
                if (x0 === 0 && x1 === 0 && x2 === 0 && x3 === 0) continue;
                const fRow = fBase + ci * cOut;
                for (let co = 0; co < cOut; co++)
                  df[fRow + co] += x0 * D[d0 + co] + x1 * D[e1 + co] + x2 * D[e2 + co] + x3 * D[e3 + co];
              }
            } else {
              for (let k = 0; k < count; k++) {
                if (xBase[k] < 0) continue;
                const dk = d0 + k * cOut;
                for (let ci = 0; ci < cIn; ci++) {
                  const xv = X[xBase[k] + ci];
                  if (xv === 0) continue;
                  const fRow = fBase + ci * cOut;
                  for (let co = 0; co < cOut; co++) df[fRow + co] += xv * D[dk + co];
                }
              }
            }
          }
        }
      }
    }
  }
  return [fromAccumulator(attrs.filterShape, X, df)];
};
