import type { ElementwiseActivation } from '../../../kernels/contracts';
import { INV_SQRT2, INV_SQRT_2PI, LEAKY_RELU_SLOPE, SELU_ALPHA, SELU_SCALE } from '../../../kernels/reference/math';
import { f, type GpuTensor, type WebGpuRuntime } from '../runtime';
import { sameShape, type WebGpuKernels } from './types';
import { elementwise } from './wgsl';
import { WGSL_MATH } from './wgsl-math';

/** Activations as WGSL expressions of `v` (the input), the Keras 3 definitions of reference/activation.ts. */
const FORWARD: Record<ElementwiseActivation, string> = {
  relu: 'select(0.0, v, v > 0.0)',
  relu6: 'min(max(v, 0.0), 6.0)',
  elu: 'select(expm1_(v), v, v > 0.0)',
  selu: `select(${f(SELU_SCALE * SELU_ALPHA)} * expm1_(v), ${f(SELU_SCALE)} * v, v > 0.0)`,
  sigmoid: 'sigmoid_(v)',
  hard_sigmoid: 'min(max(v + 3.0, 0.0), 6.0) / 6.0',
  tanh: 'tanh_(v)',
  softplus: 'softplus_(v)',
  softsign: 'v / (1.0 + abs(v))',
  swish: 'v * sigmoid_(v)',
  silu: 'v * sigmoid_(v)',
  gelu: `0.5 * v * erfc_(-v * ${f(INV_SQRT2)})`,
  leaky_relu: `select(${f(LEAKY_RELU_SLOPE)} * v, v, v > 0.0)`,
  exponential: 'exp(v)',
};

/**
 * Derivatives as WGSL expressions of `d` (dy) and whichever of `xv` (the input) and `yv` (the output) each
 * needs, with the masks at kinks of reference/activation-grad.ts. Only the tensors an expression names are
 * bound: a pipeline with an automatic layout has no slot for a binding its shader never reads.
 */
const BACKWARD: Record<ElementwiseActivation, { uses: 'x' | 'y'; dx: string }> = {
  relu: { uses: 'x', dx: 'select(0.0, d, xv > 0.0)' },
  relu6: { uses: 'x', dx: 'select(0.0, d, xv > 0.0 && xv < 6.0)' },
  elu: { uses: 'y', dx: 'select(d, d * (yv + 1.0), yv < 0.0)' },
  selu: { uses: 'y', dx: `select(d * ${f(SELU_SCALE)}, d * (yv + ${f(SELU_SCALE * SELU_ALPHA)}), yv < 0.0)` },
  sigmoid: { uses: 'y', dx: 'd * yv * (1.0 - yv)' },
  hard_sigmoid: { uses: 'x', dx: 'select(0.0, d / 6.0, xv > -3.0 && xv < 3.0)' },
  tanh: { uses: 'y', dx: 'd * (1.0 - yv * yv)' },
  softplus: { uses: 'x', dx: 'd * sigmoid_(xv)' },
  softsign: { uses: 'x', dx: 'd / ((1.0 + abs(xv)) * (1.0 + abs(xv)))' },
  swish: { uses: 'x', dx: 'd * (sigmoid_(xv) + xv * sigmoid_(xv) * (1.0 - sigmoid_(xv)))' },
  silu: { uses: 'x', dx: 'd * (sigmoid_(xv) + xv * sigmoid_(xv) * (1.0 - sigmoid_(xv)))' },
  gelu: { uses: 'x', dx: `d * (0.5 * erfc_(-xv * ${f(INV_SQRT2)}) + xv * ${f(INV_SQRT_2PI)} * exp(-0.5 * xv * xv))` },
  leaky_relu: { uses: 'x', dx: `select(${f(LEAKY_RELU_SLOPE)} * d, d, xv > 0.0)` },
  exponential: { uses: 'y', dx: 'd * yv' },
};

function known<T>(table: Record<ElementwiseActivation, T>, kernel: string, name: ElementwiseActivation): T {
  const entry = Object.hasOwn(table, name) ? table[name] : undefined;
  if (entry === undefined)
    throw new Error(
      `${kernel}: unknown activation '${String(name)}' (expected one of ${Object.keys(table).join(', ')})`,
    );
  return entry;
}

/** Rows of the last axis: the work split of the softmax kernels (one invocation per row). */
function rowsOf(kernel: string, x: GpuTensor): { rows: number; c: number } {
  const c = x.shape[x.shape.length - 1];
  if (x.shape.length < 1 || !(c > 0))
    throw new Error(`${kernel}: the last axis of [${x.shape.join(', ')}] must be non-empty`);
  return { rows: x.size / c, c };
}

/** Storage buffers one dispatch may bind is 8 by default: 7 inputs and the output. */
const CHUNK = 7;

/** y = x0 ∘ x1 ∘ …, left to right as the reference, in dispatches of up to 7 inputs (the later ones fold into y). */
function variadic(rt: WebGpuRuntime, kernel: 'AddN' | 'Multiply', op: '+' | '*', xs: GpuTensor[]): [GpuTensor] {
  if (xs.length === 0) throw new Error(`${kernel}: needs at least one input`);
  for (let k = 1; k < xs.length; k++) sameShape(kernel, xs[0], xs[k], ['input 0', `input ${k}`]);
  const y = rt.tensor(xs[0].shape);
  for (let start = 0; start < xs.length; start += CHUNK) {
    const chunk = xs.slice(start, start + CHUNK);
    const terms = chunk.map((_, k) => `x${k}[i]`);
    const first = start === 0;
    elementwise(rt, {
      key: `${kernel}|${chunk.length}|${first ? 'first' : 'fold'}`,
      inputs: chunk.map((x, k) => [`x${k}`, x]),
      outputs: [['y', y]],
      threads: y.size,
      body: `y[i] = ${(first ? terms : ['y[i]', ...terms]).join(` ${op} `)};`,
    });
  }
  return [y];
}

export const ELEMENTWISE_KERNELS: Pick<
  WebGpuKernels,
  'Activation' | 'ActivationGrad' | 'Softmax' | 'SoftmaxGrad' | 'Scale' | 'AddN' | 'Multiply' | 'MovingAverage'
> = {
  Activation: (rt, [x], { activation }) => {
    const expr = known(FORWARD, 'Activation', activation);
    const y = rt.tensor(x.shape);
    elementwise(rt, {
      key: `Activation|${activation}`,
      inputs: [['x', x]],
      outputs: [['y', y]],
      threads: y.size,
      prelude: WGSL_MATH,
      body: `let v = x[i];\n  y[i] = ${expr};`,
    });
    return [y];
  },

  ActivationGrad: (rt, [dy, x, y], { activation }) => {
    const { uses, dx: expr } = known(BACKWARD, 'ActivationGrad', activation);
    sameShape('ActivationGrad', dy, x, ['dy', 'x']);
    if (uses === 'y') sameShape('ActivationGrad', dy, y, ['dy', 'y']);
    const dx = rt.tensor(x.shape);
    const other: [string, GpuTensor] = uses === 'x' ? ['x', x] : ['y', y];
    elementwise(rt, {
      key: `ActivationGrad|${activation}`,
      inputs: [['dy', dy], other],
      outputs: [['dx', dx]],
      threads: dx.size,
      prelude: WGSL_MATH,
      body: `let d = dy[i];\n  let ${uses}v = ${uses}[i];\n  dx[i] = ${expr};`,
    });
    return [dx];
  },

  /** One invocation per row: max-subtracted exponentials over the last axis. */
  Softmax: (rt, [logits]) => {
    const { rows, c } = rowsOf('Softmax', logits);
    const y = rt.tensor(logits.shape);
    elementwise(rt, {
      key: `Softmax|${c}`,
      inputs: [['z', logits]],
      outputs: [['y', y]],
      threads: rows,
      body: `let b = i * ${c}u;
  var m = z[b];
  for (var j = 1u; j < ${c}u; j++) { m = max(m, z[b + j]); }
  var s = 0.0;
  for (var j = 0u; j < ${c}u; j++) { s += exp(z[b + j] - m); }
  for (var j = 0u; j < ${c}u; j++) { y[b + j] = exp(z[b + j] - m) / s; }`,
    });
    return [y];
  },

  /** dx = y · (dy − Σ dy·y) along the last axis, one invocation per row. */
  SoftmaxGrad: (rt, [dy, y]) => {
    sameShape('SoftmaxGrad', dy, y, ['dy', 'y']);
    const { rows, c } = rowsOf('SoftmaxGrad', y);
    const dx = rt.tensor(y.shape);
    elementwise(rt, {
      key: `SoftmaxGrad|${c}`,
      inputs: [
        ['dy', dy],
        ['y', y],
      ],
      outputs: [['dx', dx]],
      threads: rows,
      body: `let b = i * ${c}u;
  var dot = 0.0;
  for (var j = 0u; j < ${c}u; j++) { dot += dy[b + j] * y[b + j]; }
  for (var j = 0u; j < ${c}u; j++) { dx[b + j] = y[b + j] * (dy[b + j] - dot); }`,
    });
    return [dx];
  },

  Scale: (rt, [x], { factor, offset }) => {
    if (!Number.isFinite(factor) || !Number.isFinite(offset))
      throw new Error(`Scale: factor and offset must be finite numbers, got ${factor} and ${offset}`);
    const y = rt.tensor(x.shape);
    elementwise(rt, {
      key: `Scale|${f(factor)},${f(offset)}`,
      inputs: [['x', x]],
      outputs: [['y', y]],
      threads: y.size,
      body: `y[i] = x[i] * ${f(factor)} + ${f(offset)};`,
    });
    return [y];
  },

  AddN: (rt, xs) => variadic(rt, 'AddN', '+', xs),

  Multiply: (rt, xs) => variadic(rt, 'Multiply', '*', xs),

  MovingAverage: (rt, [value, update], { momentum }) => {
    sameShape('MovingAverage', value, update, ['value', 'update']);
    if (!Number.isFinite(momentum)) throw new Error(`MovingAverage: momentum must be a finite number, got ${momentum}`);
    const y = rt.tensor(value.shape);
    elementwise(rt, {
      key: `MovingAverage|${f(momentum)}`,
      inputs: [
        ['v', value],
        ['u', update],
      ],
      outputs: [['y', y]],
      threads: y.size,
      body: `y[i] = v[i] * ${f(momentum)} + u[i] * ${f(1 - momentum)};`,
    });
    return [y];
  },
};
