import type { WebGpuKernels } from './types';
import { elementwise, reduction } from './wgsl';

const TILE = 16;

export const DENSE_KERNELS: Pick<WebGpuKernels, 'MatMul' | 'BiasAdd' | 'BiasAddGrad'> = {
  /** A 16×16-tiled product through workgroup memory; transposes are read in place, never materialised. */
  MatMul: (rt, [a, b], { transposeA, transposeB }) => {
    if (a.shape.length !== 2 || b.shape.length !== 2)
      throw new Error(`MatMul: both inputs must be matrices, got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
    const [m, k] = transposeA ? [a.shape[1], a.shape[0]] : a.shape;
    const [k2, n] = transposeB ? [b.shape[1], b.shape[0]] : b.shape;
    if (k !== k2)
      throw new Error(
        `MatMul: inner dimensions differ (${k} and ${k2}) for [${a.shape.join(', ')}] × [${b.shape.join(', ')}]` +
          `${transposeA || transposeB ? ' after the transposes' : ''}`,
      );
    const c = rt.tensor([m, n]);
    const A = (row: string, col: string) => (transposeA ? `a[${col} * ${m}u + ${row}]` : `a[${row} * ${k}u + ${col}]`);
    const B = (row: string, col: string) => (transposeB ? `b[${col} * ${k}u + ${row}]` : `b[${row} * ${n}u + ${col}]`);
    rt.dispatch({
      key: `MatMul|${m},${k},${n}|${transposeA},${transposeB}`,
      code: () => `@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
var<workgroup> ta: array<f32, ${TILE * TILE}>;
var<workgroup> tb: array<f32, ${TILE * TILE}>;
@compute @workgroup_size(${TILE}, ${TILE})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let row = wid.y * ${TILE}u + lid.y;
  let col = wid.x * ${TILE}u + lid.x;
  var s = 0.0;
  for (var t = 0u; t < ${k}u; t += ${TILE}u) {
    let ac = t + lid.x;
    var av = 0.0;
    if (row < ${m}u && ac < ${k}u) { av = ${A('row', 'ac')}; }
    ta[lid.y * ${TILE}u + lid.x] = av;
    let br = t + lid.y;
    var bv = 0.0;
    if (br < ${k}u && col < ${n}u) { bv = ${B('br', 'col')}; }
    tb[lid.y * ${TILE}u + lid.x] = bv;
    workgroupBarrier();
    for (var p = 0u; p < ${TILE}u; p++) { s += ta[lid.y * ${TILE}u + p] * tb[p * ${TILE}u + lid.x]; }
    workgroupBarrier();
  }
  if (row < ${m}u && col < ${n}u) { c[row * ${n}u + col] = s; }
}`,
      buffers: [a.buffer, b.buffer, c.buffer],
      groups: [Math.max(1, Math.ceil(n / TILE)), Math.max(1, Math.ceil(m / TILE))],
    });
    return [c];
  },

  BiasAdd: (rt, [x, bias]) => {
    const ch = x.shape[x.shape.length - 1];
    if (bias.shape.length !== 1 || bias.shape[0] !== ch)
      throw new Error(
        `BiasAdd: bias must be [${ch}] for input [${x.shape.join(', ')}], got [${bias.shape.join(', ')}]`,
      );
    const y = rt.tensor(x.shape);
    elementwise(rt, {
      key: `BiasAdd|${ch}`,
      inputs: [
        ['x', x],
        ['b', bias],
      ],
      outputs: [['y', y]],
      threads: y.size,
      body: `y[i] = x[i] + b[i % ${ch}u];`,
    });
    return [y];
  },

  BiasAddGrad: (rt, [dy]) => {
    const ch = dy.shape[dy.shape.length - 1];
    const db = rt.tensor([ch]);
    reduction(rt, {
      key: 'BiasAddGrad',
      inputs: [['dy', dy]],
      outputs: [['db', db]],
      count: ch,
      length: dy.size / ch,
      term: `dy[r * ${ch}u + o]`,
      finish: 'db[o] = total;',
    });
    return [db];
  },
};
