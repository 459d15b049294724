import { poolWindow, type Window2D } from '../../../kernels/reference/conv-geometry';
import type { GpuTensor } from '../runtime';
import type { WebGpuKernels } from './types';
import { elementwise, reduction, zeros } from './wgsl';

const key = (g: Window2D) =>
  `${g.batch},${g.inH},${g.inW},${g.channels}|${g.kH},${g.kW},${g.strideH},${g.strideW},${g.padTop},${g.padLeft}`;

/** WGSL: the clamped input rows [y0, y1) and columns [x0, x1) that output (oy, ox)'s window pools. */
function bounds(g: Window2D): { rows: string; cols: string } {
  return {
    rows: `let y0 = max(oy * ${g.strideH} - ${g.padTop}, 0);
  let y1 = min(oy * ${g.strideH} - ${g.padTop} + ${g.kH}, ${g.inH});`,
    cols: `let x0 = max(ox * ${g.strideW} - ${g.padLeft}, 0);
  let x1 = min(ox * ${g.strideW} - ${g.padLeft} + ${g.kW}, ${g.inW});`,
  };
}

/** WGSL: the NHWC output position of flat index `i`, and the clamped window [y0, y1) × [x0, x1) it pools. */
function window(g: Window2D): string {
  const { rows, cols } = bounds(g);
  return `let c = i % ${g.channels}u; let p = i / ${g.channels}u; let ox = i32(p % ${g.outW}u); let q = p / ${g.outW}u;
  let oy = i32(q % ${g.outH}u); let n = q / ${g.outH}u;
  ${rows}
  ${cols}`;
}

/** WGSL function: flat index of the first maximum (row-major, strict '>') of one pooling window. */
function argmaxFn(g: Window2D): string {
  return `fn argmax(n: u32, c: u32, y0: i32, y1: i32, x0: i32, x1: i32) -> u32 {
  var best = 0.0; var arg = 0xffffffffu;
  for (var iy = y0; iy < y1; iy++) {
    for (var ix = x0; ix < x1; ix++) {
      let at = ((n * ${g.inH}u + u32(iy)) * ${g.inW}u + u32(ix)) * ${g.channels}u + c;
      let v = x[at];
      if (arg == 0xffffffffu || v > best) { best = v; arg = at; }
    }
  }
  return arg;
}`;
}

function expectPooled(kernel: string, dy: GpuTensor, g: Window2D): void {
  const pooled = [g.batch, g.outH, g.outW, g.channels];
  if (dy.shape.join() !== pooled.join())
    throw new Error(`${kernel}: dy [${dy.shape.join(', ')}] does not match the pooled shape [${pooled.join(', ')}]`);
}

function expectNHWC(kernel: string, x: GpuTensor): [number, number, number, number] {
  if (x.shape.length !== 4) throw new Error(`${kernel}: x must be NHWC (rank 4), got [${x.shape.join(', ')}]`);
  return x.shape as unknown as [number, number, number, number];
}

/** WGSL: for input position (iy, ix), the range of outputs [oy0, oy1] × [ox0, ox1] whose windows contain it. */
function covering(g: Window2D): string {
  return `let c = i % ${g.channels}u; let p = i / ${g.channels}u; let ix = i32(p % ${g.inW}u); let q = p / ${g.inW}u;
  let iy = i32(q % ${g.inH}u); let n = q / ${g.inH}u;
  let oy0 = max((iy + ${g.padTop} - ${g.kH} + ${g.strideH}) / ${g.strideH}, 0);
  let oy1 = min((iy + ${g.padTop}) / ${g.strideH}, ${g.outH - 1});
  let ox0 = max((ix + ${g.padLeft} - ${g.kW} + ${g.strideW}) / ${g.strideW}, 0);
  let ox1 = min((ix + ${g.padLeft}) / ${g.strideW}, ${g.outW - 1});`;
}

export const POOL_KERNELS: Pick<
  WebGpuKernels,
  | 'MaxPool'
  | 'MaxPoolGrad'
  | 'AvgPool'
  | 'AvgPoolGrad'
  | 'GlobalAvgPool'
  | 'GlobalAvgPoolGrad'
  | 'GlobalMaxPool'
  | 'GlobalMaxPoolGrad'
> = {
  MaxPool: (rt, [x], attrs) => {
    const g = poolWindow('MaxPool', x.shape, attrs);
    const y = rt.tensor([g.batch, g.outH, g.outW, g.channels]);
    elementwise(rt, {
      key: `MaxPool|${key(g)}`,
      inputs: [['x', x]],
      outputs: [['y', y]],
      threads: y.size,
      prelude: argmaxFn(g),
      body: `${window(g)}\n  y[i] = x[argmax(n, c, y0, y1, x0, x1)];`,
    });
    return [y];
  },

  /** Gather form: each input cell sums dy over the windows that cover it and picked it as their first maximum. */
  MaxPoolGrad: (rt, [dy, x], attrs) => {
    const g = poolWindow('MaxPoolGrad', x.shape, attrs);
    expectPooled('MaxPoolGrad', dy, g);
    const dx = rt.tensor(x.shape);
    elementwise(rt, {
      key: `MaxPoolGrad|${key(g)}`,
      inputs: [
        ['x', x],
        ['dy', dy],
      ],
      outputs: [['dx', dx]],
      threads: dx.size,
      prelude: argmaxFn(g),
      body: `${covering(g)}
  var s = 0.0;
  for (var oy = oy0; oy <= oy1; oy++) {
    ${bounds(g).rows}
    for (var ox = ox0; ox <= ox1; ox++) {
      ${bounds(g).cols}
      if (argmax(n, c, y0, y1, x0, x1) == i) {
        s += dy[((n * ${g.outH}u + u32(oy)) * ${g.outW}u + u32(ox)) * ${g.channels}u + c];
      }
    }
  }
  dx[i] = s;`,
    });
    return [dx];
  },

  AvgPool: (rt, [x], attrs) => {
    const g = poolWindow('AvgPool', x.shape, attrs);
    const y = rt.tensor([g.batch, g.outH, g.outW, g.channels]);
    elementwise(rt, {
      key: `AvgPool|${key(g)}`,
      inputs: [['x', x]],
      outputs: [['y', y]],
      threads: y.size,
      body: `${window(g)}
  var s = 0.0;
  for (var iy = y0; iy < y1; iy++) {
    for (var ix = x0; ix < x1; ix++) { s += x[((n * ${g.inH}u + u32(iy)) * ${g.inW}u + u32(ix)) * ${g.channels}u + c]; }
  }
  y[i] = s / f32((y1 - y0) * (x1 - x0));`,
    });
    return [y];
  },

  AvgPoolGrad: (rt, [dy], attrs) => {
    const g = poolWindow('AvgPoolGrad', attrs.inputShape, attrs);
    expectPooled('AvgPoolGrad', dy, g);
    const dx = rt.tensor(attrs.inputShape);
    elementwise(rt, {
      key: `AvgPoolGrad|${key(g)}`,
      inputs: [['dy', dy]],
      outputs: [['dx', dx]],
      threads: dx.size,
      body: `${covering(g)}
  var s = 0.0;
  for (var oy = oy0; oy <= oy1; oy++) {
    ${bounds(g).rows}
    for (var ox = ox0; ox <= ox1; ox++) {
      ${bounds(g).cols}
      s += dy[((n * ${g.outH}u + u32(oy)) * ${g.outW}u + u32(ox)) * ${g.channels}u + c] / f32((y1 - y0) * (x1 - x0));
    }
  }
  dx[i] = s;`,
    });
    return [dx];
  },

  GlobalAvgPool: (rt, [x]) => {
    const [n, h, w, c] = expectNHWC('GlobalAvgPool', x);
    const y = rt.tensor([n, c]);
    reduction(rt, {
      key: `GlobalAvgPool|${c}`,
      inputs: [['x', x]],
      outputs: [['y', y]],
      count: n * c,
      length: h * w,
      setup: `let b = o / ${c}u; let ch = o % ${c}u;`,
      term: `x[(b * ${h * w}u + r) * ${c}u + ch]`,
      finish: `y[o] = total / ${h * w}.0;`,
    });
    return [y];
  },

  GlobalAvgPoolGrad: (rt, [dy], { inputShape }) => {
    const [n, h, w, c] = inputShape;
    if (dy.shape.join() !== [n, c].join())
      throw new Error(`GlobalAvgPoolGrad: dy must have shape [${n}, ${c}], got [${dy.shape.join(', ')}]`);
    const dx = rt.tensor(inputShape);
    elementwise(rt, {
      key: `GlobalAvgPoolGrad|${h * w},${c}`,
      inputs: [['dy', dy]],
      outputs: [['dx', dx]],
      threads: dx.size,
      body: `dx[i] = dy[(i / ${h * w * c}u) * ${c}u + i % ${c}u] / ${h * w}.0;`,
    });
    return [dx];
  },

  GlobalMaxPool: (rt, [x]) => {
    const [n, h, w, c] = expectNHWC('GlobalMaxPool', x);
    const y = rt.tensor([n, c]);
    elementwise(rt, {
      key: `GlobalMaxPool|${h * w},${c}`,
      inputs: [['x', x]],
      outputs: [['y', y]],
      threads: n * c,
      body: `let base = (i / ${c}u) * ${h * w * c}u + i % ${c}u;
  var best = x[base];
  for (var p = 1u; p < ${h * w}u; p++) { let v = x[base + p * ${c}u]; if (v > best) { best = v; } }
  y[i] = best;`,
    });
    return [y];
  },

  /** Zeroes dx, then each (sample, channel) writes dy to its first maximum: one writer per cell, no races. */
  GlobalMaxPoolGrad: (rt, [dy, x]) => {
    const [n, h, w, c] = expectNHWC('GlobalMaxPoolGrad', x);
    if (dy.shape.join() !== [n, c].join())
      throw new Error(`GlobalMaxPoolGrad: dy must have shape [${n}, ${c}], got [${dy.shape.join(', ')}]`);
    const dx = zeros(rt, x.shape);
    elementwise(rt, {
      key: `GlobalMaxPoolGrad|${h * w},${c}`,
      inputs: [
        ['x', x],
        ['dy', dy],
      ],
      outputs: [['dx', dx]],
      threads: n * c,
      body: `let base = (i / ${c}u) * ${h * w * c}u + i % ${c}u;
  var best = x[base]; var arg = base;
  for (var p = 1u; p < ${h * w}u; p++) {
    let v = x[base + p * ${c}u]; if (v > best) { best = v; arg = base + p * ${c}u; }
  }
  dx[arg] = dy[i];`,
    });
    return [dx];
  },
};
