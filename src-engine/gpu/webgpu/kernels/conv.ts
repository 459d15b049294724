import { window2d } from '../../../kernels/reference/conv-geometry';
import type { GpuTensor } from '../runtime';
import { sizeOf, type WebGpuKernels } from './types';
import { elementwise, reduction } from './wgsl';

/**
 * Convolutions without im2col: each output element (or, for the filter gradient, each filter element
 * with 64 lanes sharing its reduction) walks its own window, so no patch matrix is ever materialised.
 */

function expectFilter(kernel: string, filter: readonly number[], channels: number): void {
  if (filter.length !== 4) throw new Error(`${kernel}: filter must be [kernelH, kernelW, inChannels, outChannels], got [${filter.join(', ')}]`);
  if (filter[2] !== channels) throw new Error(`${kernel}: the filter expects ${filter[2]} input channels, the input has ${channels}`);
}

export const CONV_KERNELS: Pick<WebGpuKernels, 'Conv2D' | 'Conv2DBackpropInput' | 'Conv2DBackpropFilter'> = {
  Conv2D: (rt, [x, filter], attrs) => {
    const g = window2d('Conv2D', x.shape, filter.shape[0], filter.shape[1], attrs);
    expectFilter('Conv2D', filter.shape, g.channels);
    const F = filter.shape[3];
    const y = rt.tensor([g.batch, g.outH, g.outW, F]);
    elementwise(rt, {
      key: `Conv2D|${x.shape}|${filter.shape}|${g.strideH},${g.strideW},${g.padTop},${g.padLeft}`,
      inputs: [['x', x], ['w', filter]],
      outputs: [['y', y]],
      threads: y.size,
      body: `let f = i % ${F}u; let p = i / ${F}u; let ow = p % ${g.outW}u; let q = p / ${g.outW}u; let oh = q % ${g.outH}u; let n = q / ${g.outH}u;
  var s = 0.0;
  for (var kh = 0u; kh < ${g.kH}u; kh++) {
    let ih = i32(oh * ${g.strideH}u + kh) - ${g.padTop};
    if (ih < 0 || ih >= ${g.inH}) { continue; }
    for (var kw = 0u; kw < ${g.kW}u; kw++) {
      let iw = i32(ow * ${g.strideW}u + kw) - ${g.padLeft};
      if (iw < 0 || iw >= ${g.inW}) { continue; }
      let xb = ((n * ${g.inH}u + u32(ih)) * ${g.inW}u + u32(iw)) * ${g.channels}u;
      let wb = (kh * ${g.kW}u + kw) * ${g.channels * F}u + f;
      for (var c = 0u; c < ${g.channels}u; c++) { s += x[xb + c] * w[wb + c * ${F}u]; }
    }
  }
  y[i] = s;`,
    });
    return [y];
  },

  Conv2DBackpropInput: (rt, [dy, filter], attrs) => {
    const g = window2d('Conv2DBackpropInput', attrs.inputShape, filter.shape[0], filter.shape[1], attrs);
    expectFilter('Conv2DBackpropInput', filter.shape, g.channels);
    const F = filter.shape[3];
    const expected = [g.batch, g.outH, g.outW, F];
    if (dy.shape.join() !== expected.join()) throw new Error(`Conv2DBackpropInput: dy must be [${expected.join(', ')}], got [${dy.shape.join(', ')}]`);
    const dx = rt.tensor(attrs.inputShape);
    elementwise(rt, {
      key: `Conv2DBackpropInput|${attrs.inputShape}|${filter.shape}|${g.strideH},${g.strideW},${g.padTop},${g.padLeft}`,
      inputs: [['dy', dy], ['w', filter]],
      outputs: [['dx', dx]],
      threads: dx.size,
      body: `let c = i % ${g.channels}u; let p = i / ${g.channels}u; let iw = i32(p % ${g.inW}u); let q = p / ${g.inW}u; let ih = i32(q % ${g.inH}u); let n = q / ${g.inH}u;
  var s = 0.0;
  for (var kh = 0; kh < ${g.kH}; kh++) {
    let th = ih + ${g.padTop} - kh;
    if (th < 0 || th % ${g.strideH} != 0) { continue; }
    let oh = th / ${g.strideH};
    if (oh >= ${g.outH}) { continue; }
    for (var kw = 0; kw < ${g.kW}; kw++) {
      let tw = iw + ${g.padLeft} - kw;
      if (tw < 0 || tw % ${g.strideW} != 0) { continue; }
      let ow = tw / ${g.strideW};
      if (ow >= ${g.outW}) { continue; }
      let db = ((n * ${g.outH}u + u32(oh)) * ${g.outW}u + u32(ow)) * ${F}u;
      let wb = ((u32(kh) * ${g.kW}u + u32(kw)) * ${g.channels}u + c) * ${F}u;
      for (var f = 0u; f < ${F}u; f++) { s += dy[db + f] * w[wb + f]; }
    }
  }
  dx[i] = s;`,
    });
    return [dx];
  },

  Conv2DBackpropFilter: (rt, [x, dy], attrs) => {
    const [kH, kW, cin, F] = attrs.filterShape;
    const g = window2d('Conv2DBackpropFilter', x.shape, kH, kW, attrs);
    expectFilter('Conv2DBackpropFilter', attrs.filterShape, g.channels);
    const expected = [g.batch, g.outH, g.outW, F];
    if (dy.shape.join() !== expected.join()) throw new Error(`Conv2DBackpropFilter: dy must be [${expected.join(', ')}], got [${dy.shape.join(', ')}]`);
    const dw: GpuTensor = rt.tensor(attrs.filterShape);
    reduction(rt, {
      key: `Conv2DBackpropFilter|${x.shape}|${attrs.filterShape}|${g.strideH},${g.strideW},${g.padTop},${g.padLeft}`,
      inputs: [['x', x], ['dy', dy]],
      outputs: [['dw', dw]],
      count: sizeOf(attrs.filterShape),
      // Lanes share the (sample, output row) pairs; each walks its row, so the index divisions stay out of the inner loop.
      length: g.batch * g.outH,
      setup: `let f = o % ${F}u; let p = o / ${F}u; let c = p % ${cin}u; let q = p / ${cin}u; let kw = i32(q % ${kW}u); let kh = i32(q / ${kW}u);`,
      accumulate: `let oh = r % ${g.outH}u; let n = r / ${g.outH}u;
    let ih = i32(oh * ${g.strideH}u) + kh - ${g.padTop};
    if (ih < 0 || ih >= ${g.inH}) { continue; }
    let xrow = (n * ${g.inH}u + u32(ih)) * ${g.inW}u;
    let drow = r * ${g.outW}u;
    for (var ow = 0u; ow < ${g.outW}u; ow++) {
      let iw = i32(ow * ${g.strideW}u) + kw - ${g.padLeft};
      if (iw >= 0 && iw < ${g.inW}) { acc += x[(xrow + u32(iw)) * ${cin}u + c] * dy[(drow + ow) * ${F}u + f]; }
    }`,
      finish: 'dw[o] = total;',
    });
    return [dw];
  },
};
