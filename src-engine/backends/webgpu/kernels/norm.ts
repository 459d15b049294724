import { f, type GpuTensor, type WebGpuRuntime } from '../runtime';
import { sameShape, type WebGpuKernels } from './types';
import { elementwise, reduction } from './wgsl';

/** Channels (the last axis) of x, and the values per channel the batch statistics average over. */
function channelsOf(kernel: string, x: GpuTensor, vectors: [string, GpuTensor][]): { c: number; count: number } {
  const c = x.shape[x.shape.length - 1];
  if (x.shape.length < 1 || !(c > 0))
    throw new Error(`${kernel}: x [${x.shape.join(', ')}] needs a non-empty channel (last) axis`);
  for (const [name, v] of vectors) {
    if (v.shape.length !== 1 || v.shape[0] !== c) {
      throw new Error(
        `${kernel}: ${name} must have shape [${c}] (the last axis ` +
          `of [${x.shape.join(', ')}]), got [${v.shape.join(', ')}]`,
      );
    }
  }
  return { c, count: x.size / c };
}

function checkEpsilon(kernel: string, epsilon: number): void {
  if (!Number.isFinite(epsilon) || epsilon < 0)
    throw new Error(`${kernel}: epsilon must be a finite number ≥ 0, got ${epsilon}`);
}

/** Σ over the rows of one channel `o`: the WGSL term reads row `r` through `at`. */
const at = (c: number) => `r * ${c}u + o`;

/** dγ = Σ dy·(x − μ)/σ and dβ = Σ dy per channel, shared by both gradients (the statistics are inputs). */
function scaleShiftGrads(
  rt: WebGpuRuntime,
  kernel: string,
  dy: GpuTensor,
  x: GpuTensor,
  mean: GpuTensor,
  variance: GpuTensor,
  epsilon: number,
  c: number,
  count: number,
): [GpuTensor, GpuTensor] {
  const dgamma = rt.tensor([c]);
  const dbeta = rt.tensor([c]);
  reduction(rt, {
    key: `${kernel}Gamma|${c}|${f(epsilon)}`,
    inputs: [
      ['dy', dy],
      ['x', x],
      ['mean', mean],
      ['variance', variance],
    ],
    outputs: [['dg', dgamma]],
    count: c,
    length: count,
    setup: 'let mu = mean[o];',
    term: `dy[${at(c)}] * (x[${at(c)}] - mu)`,
    finish: `dg[o] = total / sqrt(variance[o] + ${f(epsilon)});`,
  });
  reduction(rt, {
    key: `${kernel}Beta|${c}`,
    inputs: [['dy', dy]],
    outputs: [['db', dbeta]],
    count: c,
    length: count,
    term: `dy[${at(c)}]`,
    finish: 'db[o] = total;',
  });
  return [dgamma, dbeta];
}

export const NORM_KERNELS: Pick<
  WebGpuKernels,
  'BatchNorm' | 'BatchNormGrad' | 'BatchNormTrain' | 'BatchNormTrainGrad'
> = {
  BatchNorm: (rt, [x, mean, variance, gamma, beta], { epsilon }) => {
    checkEpsilon('BatchNorm', epsilon);
    const { c } = channelsOf('BatchNorm', x, [
      ['mean', mean],
      ['variance', variance],
      ['gamma', gamma],
      ['beta', beta],
    ]);
    const y = rt.tensor(x.shape);
    elementwise(rt, {
      key: `BatchNorm|${c}|${f(epsilon)}`,
      inputs: [
        ['x', x],
        ['mean', mean],
        ['variance', variance],
        ['gamma', gamma],
        ['beta', beta],
      ],
      outputs: [['y', y]],
      threads: y.size,
      body: `let ch = i % ${c}u;
  let mul = gamma[ch] / sqrt(variance[ch] + ${f(epsilon)});
  y[i] = x[i] * mul + (beta[ch] - mean[ch] * mul);`,
    });
    return [y];
  },

  /** Inference-mode gradient: the moving statistics are constants, so dx scales dy per channel. */
  BatchNormGrad: (rt, [dy, x, mean, variance, gamma], { epsilon }) => {
    checkEpsilon('BatchNormGrad', epsilon);
    sameShape('BatchNormGrad', dy, x, ['dy', 'x']);
    const { c, count } = channelsOf('BatchNormGrad', x, [
      ['mean', mean],
      ['variance', variance],
      ['gamma', gamma],
    ]);
    const dx = rt.tensor(x.shape);
    elementwise(rt, {
      key: `BatchNormGrad|${c}|${f(epsilon)}`,
      inputs: [
        ['dy', dy],
        ['variance', variance],
        ['gamma', gamma],
      ],
      outputs: [['dx', dx]],
      threads: dx.size,
      body: `let ch = i % ${c}u;\n  dx[i] = dy[i] * gamma[ch] / sqrt(variance[ch] + ${f(epsilon)});`,
    });
    return [dx, ...scaleShiftGrads(rt, 'BatchNormGrad', dy, x, mean, variance, epsilon, c, count)];
  },

  /** Batch mean, then the biased variance around it (two passes, as the reference), then the normalisation. */
  BatchNormTrain: (rt, [x, gamma, beta], { epsilon }) => {
    checkEpsilon('BatchNormTrain', epsilon);
    const { c, count } = channelsOf('BatchNormTrain', x, [
      ['gamma', gamma],
      ['beta', beta],
    ]);
    const mean = rt.tensor([c]);
    const variance = rt.tensor([c]);
    const y = rt.tensor(x.shape);
    reduction(rt, {
      key: `BatchNormMean|${c}`,
      inputs: [['x', x]],
      outputs: [['mean', mean]],
      count: c,
      length: count,
      term: `x[${at(c)}]`,
      finish: `mean[o] = total / ${f(count)};`,
    });
    reduction(rt, {
      key: `BatchNormVariance|${c}`,
      inputs: [
        ['x', x],
        ['mean', mean],
      ],
      outputs: [['variance', variance]],
      count: c,
      length: count,
      prelude: 'fn sq(v: f32) -> f32 { return v * v; }',
      setup: 'let mu = mean[o];',
      term: `sq(x[${at(c)}] - mu)`,
      finish: `variance[o] = total / ${f(count)};`,
    });
    elementwise(rt, {
      key: `BatchNormTrain|${c}|${f(epsilon)}`,
      inputs: [
        ['x', x],
        ['mean', mean],
        ['variance', variance],
        ['gamma', gamma],
        ['beta', beta],
      ],
      outputs: [['y', y]],
      threads: y.size,
      body: `let ch = i % ${c}u;
  y[i] = (x[i] - mean[ch]) * (gamma[ch] / sqrt(variance[ch] + ${f(epsilon)})) + beta[ch];`,
    });
    return [y, mean, variance];
  },

  /** With x̂ = (x − μ)/σ and M values per channel: dx = γ/(σM)·(M·dy − Σdy − x̂·Σ(dy·x̂)), dγ = Σ dy·x̂, dβ = Σ dy. */
  BatchNormTrainGrad: (rt, [dy, x, gamma, mean, variance], { epsilon }) => {
    checkEpsilon('BatchNormTrainGrad', epsilon);
    sameShape('BatchNormTrainGrad', dy, x, ['dy', 'x']);
    const { c, count } = channelsOf('BatchNormTrainGrad', x, [
      ['gamma', gamma],
      ['mean', mean],
      ['variance', variance],
    ]);
    const [dgamma, dbeta] = scaleShiftGrads(rt, 'BatchNormTrainGrad', dy, x, mean, variance, epsilon, c, count);
    const dx = rt.tensor(x.shape);
    elementwise(rt, {
      key: `BatchNormTrainGrad|${c}|${f(epsilon)}|${count}`,
      inputs: [
        ['dy', dy],
        ['x', x],
        ['gamma', gamma],
        ['mean', mean],
        ['variance', variance],
        ['dg', dgamma],
        ['db', dbeta],
      ],
      outputs: [['dx', dx]],
      threads: dx.size,
      body: `let ch = i % ${c}u;
  let inv = 1.0 / sqrt(variance[ch] + ${f(epsilon)});
  let xhat = (x[i] - mean[ch]) * inv;
  dx[i] = (gamma[ch] * inv / ${f(count)}) * (${f(count)} * dy[i] - db[ch] - xhat * dg[ch]);`,
    });
    return [dx, dgamma, dbeta];
  },
};
