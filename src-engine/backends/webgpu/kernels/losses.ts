import { KERAS_EPSILON } from '../../../kernels/reference/loss-util';
import { f, type GpuTensor } from '../runtime';
import { sameShape, sizeOf, type WebGpuKernels } from './types';
import { elementwise, reduction } from './wgsl';
import { WGSL_MATH } from './wgsl-math';

/** The float32 clip bounds TF uses for probabilities, [ε, 1 − ε]. */
const LO = f(KERAS_EPSILON);
const HI = f(1 - KERAS_EPSILON);
const clip = (v: string) => `min(max(${v}, ${LO}), ${HI})`;

const shape = (t: GpuTensor) => `[${t.shape.join(', ')}]`;

/** Classes (the last axis) and rows of `output`, after checking that `target` matches it. */
function dense(kernel: string, target: GpuTensor, output: GpuTensor): { c: number; rows: number } {
  if (output.shape.length < 1) throw new Error(`${kernel}: output must have at least rank 1, got a scalar`);
  sameShape(kernel, target, output, ['target', 'output']);
  return classes(kernel, output);
}

function classes(kernel: string, output: GpuTensor): { c: number; rows: number } {
  const c = output.shape[output.shape.length - 1];
  if (output.shape.length < 1 || !(c > 0))
    throw new Error(`${kernel}: output ${shape(output)} needs a non-empty last axis`);
  return { c, rows: output.size / c };
}

/** Class indices shaped as output without its last axis (or with a trailing 1), as Keras accepts. */
function sparse(kernel: string, target: GpuTensor, output: GpuTensor): { c: number; rows: number } {
  const { c, rows } = classes(kernel, output);
  const want = output.shape.slice(0, -1);
  const t = target.shape;
  const matches =
    t.join() === want.join() ||
    (t.length === want.length + 1 && t[t.length - 1] === 1 && t.slice(0, -1).join() === want.join());
  if (!matches)
    throw new Error(
      `${kernel}: target ${shape(target)} must have shape ` +
        `[${want.join(', ')}] (class indices for output ${shape(output)})`,
    );
  return { c, rows };
}

function lossGrad(kernel: string, dloss: GpuTensor, output: GpuTensor): void {
  const want = output.shape.slice(0, -1);
  if (dloss.shape.join() !== want.join())
    throw new Error(
      `${kernel}: dloss must have shape [${want.join(', ')}] (output ` +
        `${shape(output)} without its last axis), got ${shape(dloss)}`,
    );
}

/**
 * WGSL reading row `i`'s class label into `t` (a u32), and `bad`: whether it is not an integer in [0, c).
 * The GPU cannot throw, so a bad label makes that row's loss and gradient NaN, visibly, instead of reading
 * another row's value; the data pipeline validates labels before they reach here.
 */
const label = (c: number) => `let tf = labels[i];
  let bad = !(tf >= 0.0 && tf < ${c}.0 && tf == floor(tf));
  let t = u32(select(tf, 0.0, bad));
  let nan = bitcast<f32>(select(0u, 0x7fc00000u, bad));`;

/** WGSL: `m` the row maximum and `s` = Σ exp(o − m) over row `i` of `o` (offset `b`). */
const logSumExp = (c: number) => `var m = o[b];
  for (var j = 1u; j < ${c}u; j++) { m = max(m, o[b + j]); }
  var s = 0.0;
  for (var j = 0u; j < ${c}u; j++) { s += exp(o[b + j] - m); }`;

type LossKernels =
  | 'CategoricalCrossentropy'
  | 'CategoricalCrossentropyGrad'
  | 'SparseCategoricalCrossentropy'
  | 'SparseCategoricalCrossentropyGrad'
  | 'BinaryCrossentropy'
  | 'BinaryCrossentropyGrad'
  | 'MeanSquaredError'
  | 'MeanSquaredErrorGrad'
  | 'Mean'
  | 'MeanGrad';

/**
 * Per-sample losses run one invocation per row (rows are samples,
 * the last axis is short); gradients likewise or per element.
 */
export const LOSS_KERNELS: Pick<WebGpuKernels, LossKernels> = {
  /** From logits −Σ t·log_softmax(z); from probabilities the row is renormalised and clipped, −Σ t·log p. */
  CategoricalCrossentropy: (rt, [target, output], { fromLogits }) => {
    const { c, rows } = dense('CategoricalCrossentropy', target, output);
    const loss = rt.tensor(output.shape.slice(0, -1));
    const body = fromLogits
      ? `${logSumExp(c)}
  let lse = m + ln_(s);
  var l = 0.0;
  for (var j = 0u; j < ${c}u; j++) { l += t[b + j] * (lse - o[b + j]); }`
      : `var s = 0.0;
  for (var j = 0u; j < ${c}u; j++) { s += o[b + j]; }
  var l = 0.0;
  for (var j = 0u; j < ${c}u; j++) { l -= t[b + j] * ln_(${clip('o[b + j] / s')}); }`;
    elementwise(rt, {
      key: `CategoricalCrossentropy|${c}|${fromLogits}`,
      inputs: [
        ['t', target],
        ['o', output],
      ],
      outputs: [['loss', loss]],
      threads: rows,
      prelude: WGSL_MATH,
      body: `let b = i * ${c}u;\n  ${body}\n  loss[i] = l;`,
    });
    return [loss];
  },

  /** From logits dl·(Σt·softmax − t); from probabilities g = −t/p where unclipped, do = dl·(g − Σg·p)/S. */
  CategoricalCrossentropyGrad: (rt, [dloss, target, output], { fromLogits }) => {
    const { c, rows } = dense('CategoricalCrossentropyGrad', target, output);
    lossGrad('CategoricalCrossentropyGrad', dloss, output);
    const dout = rt.tensor(output.shape);
    const body = fromLogits
      ? `${logSumExp(c)}
  var ts = 0.0;
  for (var j = 0u; j < ${c}u; j++) { ts += t[b + j]; }
  for (var j = 0u; j < ${c}u; j++) { dout[b + j] = dl * (ts * exp(o[b + j] - m) / s - t[b + j]); }`
      : `var s = 0.0;
  for (var j = 0u; j < ${c}u; j++) { s += o[b + j]; }
  var dot = 0.0;
  for (var j = 0u; j < ${c}u; j++) { let p = o[b + j] / s; dot += g(t[b + j], p) * p; }
  for (var j = 0u; j < ${c}u; j++) { dout[b + j] = dl * (g(t[b + j], o[b + j] / s) - dot) / s; }`;
    elementwise(rt, {
      key: `CategoricalCrossentropyGrad|${c}|${fromLogits}`,
      inputs: [
        ['dloss', dloss],
        ['t', target],
        ['o', output],
      ],
      outputs: [['dout', dout]],
      threads: rows,
      prelude: `fn g(t: f32, p: f32) -> f32 { return select(0.0, -t / p, p >= ${LO} && p <= ${HI}); }`,
      body: `let b = i * ${c}u;\n  let dl = dloss[i];\n  ${body}`,
    });
    return [dout];
  },

  /** From logits logsumexp(z) − z_t; from probabilities log Σ clip(o) − log clip(o_t). */
  SparseCategoricalCrossentropy: (rt, [target, output], { fromLogits }) => {
    const { c, rows } = sparse('SparseCategoricalCrossentropy', target, output);
    const loss = rt.tensor(output.shape.slice(0, -1));
    const body = fromLogits
      ? `${logSumExp(c)}\n  loss[i] = select(m + ln_(s) - o[b + t], nan, bad);`
      : `var s = 0.0;
  for (var j = 0u; j < ${c}u; j++) { s += ${clip('o[b + j]')}; }
  loss[i] = select(ln_(s) - ln_(${clip('o[b + t]')}), nan, bad);`;
    elementwise(rt, {
      key: `SparseCategoricalCrossentropy|${c}|${fromLogits}`,
      inputs: [
        ['labels', target],
        ['o', output],
      ],
      outputs: [['loss', loss]],
      threads: rows,
      prelude: WGSL_MATH,
      body: `let b = i * ${c}u;\n  ${label(c)}\n  ${body}`,
    });
    return [loss];
  },

  /**
   * From logits dl·(softmax − onehot); from probabilities dl·(1/Σclip(o) − [j = t]/o_j) where o_j is unclipped, else 0.
   */
  SparseCategoricalCrossentropyGrad: (rt, [dloss, target, output], { fromLogits }) => {
    const { c, rows } = sparse('SparseCategoricalCrossentropyGrad', target, output);
    lossGrad('SparseCategoricalCrossentropyGrad', dloss, output);
    const dout = rt.tensor(output.shape);
    const body = fromLogits
      ? `${logSumExp(c)}
  for (var j = 0u; j < ${c}u; j++) {
    dout[b + j] = select(dl * (exp(o[b + j] - m) / s - select(0.0, 1.0, j == t)), nan, bad);
  }`
      : `var s = 0.0;
  for (var j = 0u; j < ${c}u; j++) { s += ${clip('o[b + j]')}; }
  for (var j = 0u; j < ${c}u; j++) {
    let oj = o[b + j];
    let v = select(0.0, dl * (1.0 / s - select(0.0, 1.0 / oj, j == t)), oj >= ${LO} && oj <= ${HI});
    dout[b + j] = select(v, nan, bad);
  }`;
    elementwise(rt, {
      key: `SparseCategoricalCrossentropyGrad|${c}|${fromLogits}`,
      inputs: [
        ['dloss', dloss],
        ['labels', target],
        ['o', output],
      ],
      outputs: [['dout', dout]],
      threads: rows,
      body: `let b = i * ${c}u;\n  let dl = dloss[i];\n  ${label(c)}\n  ${body}`,
    });
    return [dout];
  },

  /**
   * Element-wise, averaged over the last axis: from logits max(z, 0)
   * − z·t + log(1 + e^−|z|), else −(t·log p + (1 − t)·log(1 − p)).
   */
  BinaryCrossentropy: (rt, [target, output], { fromLogits }) => {
    const { c, rows } = dense('BinaryCrossentropy', target, output);
    const loss = rt.tensor(output.shape.slice(0, -1));
    const term = fromLogits
      ? 'l += max(v, 0.0) - v * tv + log1p_(exp(-abs(v)));'
      : `let p = ${clip('v')};\n    l -= tv * ln_(p) + (1.0 - tv) * ln_(1.0 - p);`;
    elementwise(rt, {
      key: `BinaryCrossentropy|${c}|${fromLogits}`,
      inputs: [
        ['t', target],
        ['o', output],
      ],
      outputs: [['loss', loss]],
      threads: rows,
      prelude: WGSL_MATH,
      body: `let b = i * ${c}u;
  var l = 0.0;
  for (var j = 0u; j < ${c}u; j++) {
    let v = o[b + j];
    let tv = t[b + j];
    ${term}
  }
  loss[i] = l / ${f(c)};`,
    });
    return [loss];
  },

  BinaryCrossentropyGrad: (rt, [dloss, target, output], { fromLogits }) => {
    const { c } = dense('BinaryCrossentropyGrad', target, output);
    lossGrad('BinaryCrossentropyGrad', dloss, output);
    const dout = rt.tensor(output.shape);
    const expr = fromLogits
      ? 'k * (sigmoid_(v) - tv)'
      : `select(0.0, k * ((1.0 - tv) / (1.0 - v) - tv / v), v >= ${LO} && v <= ${HI})`;
    elementwise(rt, {
      key: `BinaryCrossentropyGrad|${c}|${fromLogits}`,
      inputs: [
        ['dloss', dloss],
        ['t', target],
        ['o', output],
      ],
      outputs: [['dout', dout]],
      threads: dout.size,
      prelude: WGSL_MATH,
      body: `let k = dloss[i / ${c}u] / ${f(c)};\n  let v = o[i];\n  let tv = t[i];\n  dout[i] = ${expr};`,
    });
    return [dout];
  },

  MeanSquaredError: (rt, [target, output]) => {
    const { c, rows } = dense('MeanSquaredError', target, output);
    const loss = rt.tensor(output.shape.slice(0, -1));
    elementwise(rt, {
      key: `MeanSquaredError|${c}`,
      inputs: [
        ['t', target],
        ['o', output],
      ],
      outputs: [['loss', loss]],
      threads: rows,
      body: `let b = i * ${c}u;
  var l = 0.0;
  for (var j = 0u; j < ${c}u; j++) { let d = o[b + j] - t[b + j]; l += d * d; }
  loss[i] = l / ${f(c)};`,
    });
    return [loss];
  },

  MeanSquaredErrorGrad: (rt, [dloss, target, output]) => {
    const { c } = dense('MeanSquaredErrorGrad', target, output);
    lossGrad('MeanSquaredErrorGrad', dloss, output);
    const dout = rt.tensor(output.shape);
    elementwise(rt, {
      key: `MeanSquaredErrorGrad|${c}`,
      inputs: [
        ['dloss', dloss],
        ['t', target],
        ['o', output],
      ],
      outputs: [['dout', dout]],
      threads: dout.size,
      body: `dout[i] = 2.0 * dloss[i / ${c}u] / ${f(c)} * (o[i] - t[i]);`,
    });
    return [dout];
  },

  /** Mean of every element into a scalar (shape []), one workgroup tree-summing the whole tensor. */
  Mean: (rt, [x]) => {
    if (x.size === 0) throw new Error(`Mean: cannot average an empty tensor (shape ${shape(x)})`);
    const y = rt.tensor([]);
    reduction(rt, {
      key: 'Mean',
      inputs: [['x', x]],
      outputs: [['y', y]],
      count: 1,
      length: x.size,
      term: 'x[r]',
      finish: `y[0] = total / ${f(x.size)};`,
    });
    return [y];
  },

  MeanGrad: (rt, [dy], { inputShape }) => {
    if (dy.size !== 1) throw new Error(`MeanGrad: dy must be a scalar, got shape ${shape(dy)}`);
    const n = sizeOf(inputShape);
    const dx = rt.tensor(inputShape);
    elementwise(rt, {
      key: `MeanGrad|${n}`,
      inputs: [['dy', dy]],
      outputs: [['dx', dx]],
      threads: n,
      body: `dx[i] = dy[0] / ${f(n)};`,
    });
    return [dx];
  },
};
