import { window2d } from '../../../kernels/reference/conv-geometry';
import { bindings, type GpuTensor } from '../runtime';
import type { WebGpuKernels } from './types';
import { elementwise } from './wgsl';

/**
 * Convolutions without im2col: each output element (or, for the filter gradient, each filter element
 * with 64 lanes sharing its reduction) walks its own window, so no patch matrix is ever materialised.
 */

/** Filter-gradient outputs per workgroup, and the most partial sums (floats) its chunks may hold. */
const FILTER_TILE = 256;
const PARTIAL_LIMIT = 1 << 23;

function expectFilter(kernel: string, filter: readonly number[], channels: number): void {
  if (filter.length !== 4)
    throw new Error(
      `${kernel}: filter must be [kernelH, kernelW, inChannels, outChannels], got [${filter.join(', ')}]`,
    );
  if (filter[2] !== channels)
    throw new Error(`${kernel}: the filter expects ${filter[2]} input channels, the input has ${channels}`);
}

export const CONV_KERNELS: Pick<WebGpuKernels, 'Conv2D' | 'Conv2DBackpropInput' | 'Conv2DBackpropFilter'> = {
  Conv2D: (rt, [x, filter], attrs) => {
    const g = window2d('Conv2D', x.shape, filter.shape[0], filter.shape[1], attrs);
    expectFilter('Conv2D', filter.shape, g.channels);
    const F = filter.shape[3];
    const y = rt.tensor([g.batch, g.outH, g.outW, F]);
    elementwise(rt, {
      key: `Conv2D|${x.shape}|${filter.shape}|${g.strideH},${g.strideW},${g.padTop},${g.padLeft}`,
      inputs: [
        ['x', x],
        ['w', filter],
      ],
      outputs: [['y', y]],
      threads: y.size,
      body: `let f = i % ${F}u; let p = i / ${F}u; let ow = p % ${g.outW}u; let q = p / ${g.outW}u;
  let oh = q % ${g.outH}u; let n = q / ${g.outH}u;
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
    if (dy.shape.join() !== expected.join())
      throw new Error(`Conv2DBackpropInput: dy must be [${expected.join(', ')}], got [${dy.shape.join(', ')}]`);
    const dx = rt.tensor(attrs.inputShape);
    elementwise(rt, {
      key: `Conv2DBackpropInput|${attrs.inputShape}|${filter.shape}|${g.strideH},${g.strideW},${g.padTop},${g.padLeft}`,
      inputs: [
        ['dy', dy],
        ['w', filter],
      ],
      outputs: [['dx', dx]],
      threads: dx.size,
      body: `let c = i % ${g.channels}u; let p = i / ${g.channels}u; let iw = i32(p % ${g.inW}u); let q = p / ${g.inW}u;
  let ih = i32(q % ${g.inH}u); let n = q / ${g.inH}u;
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
    if (dy.shape.join() !== expected.join())
      throw new Error(`Conv2DBackpropFilter: dy must be [${expected.join(', ')}], got [${dy.shape.join(', ')}]`);
    const dw: GpuTensor = rt.tensor(attrs.filterShape);
    // Per tap (kh, kw) the gradient is Xᵀ·dY over every output pixel: a [cin, F] result from a long sum. A workgroup
    // takes one tap, 256 of its cin·F outputs and one chunk of the output rows; its threads differ in f, so they read
    // dy coalesced and x as a broadcast. The chunks' partial sums are added by a second, small pass.
    const outputs = cin * F;
    const tiles = Math.ceil(outputs / FILTER_TILE);
    const rows = g.batch * g.outH;
    const chunks = Math.max(1, Math.min(64, Math.ceil(rows / 16), Math.floor(PARTIAL_LIMIT / (kH * kW * outputs))));
    const perChunk = Math.ceil(rows / chunks);
    const partial = rt.tensor([chunks, kH * kW * outputs]);
    const geometry = `${x.shape}|${attrs.filterShape}|${g.strideH},${g.strideW},${g.padTop},${g.padLeft}|${chunks}`;
    rt.dispatch({
      key: `Conv2DBackpropFilterPartial|${geometry}`,
      code: () => `${bindings(['x', 'dy'], ['partial'])}
@compute @workgroup_size(${FILTER_TILE})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let tap = wid.x / ${tiles}u;
  let o = (wid.x % ${tiles}u) * ${FILTER_TILE}u + lid.x;
  if (o >= ${outputs}u) { return; }
  let c = o / ${F}u; let f = o % ${F}u;
  let kh = i32(tap / ${kW}u); let kw = i32(tap % ${kW}u);
  let chunk = wid.y;
  var acc = 0.0;
  let end = min((chunk + 1u) * ${perChunk}u, ${rows}u);
  for (var r = chunk * ${perChunk}u; r < end; r++) {
    let oh = r % ${g.outH}u; let n = r / ${g.outH}u;
    let ih = i32(oh * ${g.strideH}u) + kh - ${g.padTop};
    if (ih < 0 || ih >= ${g.inH}) { continue; }
    let xrow = (n * ${g.inH}u + u32(ih)) * ${g.inW}u;
    let drow = r * ${g.outW}u;
    for (var ow = 0u; ow < ${g.outW}u; ow++) {
      let iw = i32(ow * ${g.strideW}u) + kw - ${g.padLeft};
      if (iw >= 0 && iw < ${g.inW}) { acc += x[(xrow + u32(iw)) * ${cin}u + c] * dy[(drow + ow) * ${F}u + f]; }
    }
  }
  partial[chunk * ${kH * kW * outputs}u + tap * ${outputs}u + o] = acc;
}`,
      buffers: [x.buffer, dy.buffer, partial.buffer],
      groups: [kH * kW * tiles, chunks],
    });
    elementwise(rt, {
      key: `SumChunks|${chunks},${dw.size}`,
      inputs: [['partial', partial]],
      outputs: [['dw', dw]],
      threads: dw.size,
      body: `var s = 0.0;
  for (var k = 0u; k < ${chunks}u; k++) { s += partial[k * ${dw.size}u + i]; }
  dw[i] = s;`,
    });
    return [dw];
  },
};
