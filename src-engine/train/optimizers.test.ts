import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tensor } from '../core/tensor';
import { randomTensor, relErr, seeded, useTfCpu } from '../kernels/test-utils';
import { createOptimizer, resolveOptimizerConfig, type OptimizerConfig } from './optimizers';

beforeAll(useTfCpu);

const STEPS = 6;
const SHAPES = [[3, 4], [5]];

function gradientSequence(seed: number): Tensor[][] {
  const rng = seeded(seed);
  return Array.from({ length: STEPS }, () => SHAPES.map((s) => randomTensor(rng, s) as Tensor));
}

function runOurs(config: OptimizerConfig, grads: Tensor[][], seed = 1): Float32Array[] {
  const rng = seeded(seed);
  const vars = SHAPES.map((s) => randomTensor(rng, s) as Tensor);
  const opt = createOptimizer(config);
  for (const g of grads) {
    const out = opt.apply(vars, g);
    expect(out[0]).toBe(vars[0]);
  }
  expect(opt.iterations).toBe(STEPS);
  return vars.map((v) => v.values);
}

function runTf(optimizer: tf.Optimizer, grads: Tensor[][], seed = 1): Float32Array[] {
  const rng = seeded(seed);
  const vars = SHAPES.map((s, i) =>
    tf.variable(tf.tensor(randomTensor(rng, s).values, s), true, `v${seed}_${i}_${Math.random()}`),
  );
  for (const g of grads) {
    const named: Record<string, tf.Tensor> = {};
    vars.forEach((v, i) => (named[v.name] = tf.tensor(g[i].values, g[i].shape as number[])));
    optimizer.applyGradients(named);
    Object.values(named).forEach((t) => t.dispose());
  }
  const out = vars.map((v) => v.dataSync() as Float32Array);
  vars.forEach((v) => v.dispose());
  optimizer.dispose();
  return out;
}

describe('optimizers against TF.js', () => {
  const cases: [string, OptimizerConfig, () => tf.Optimizer][] = [
    ['sgd', { name: 'sgd', learningRate: 0.1 }, () => tf.train.sgd(0.1)],
    ['momentum', { name: 'momentum', learningRate: 0.05 }, () => tf.train.momentum(0.05, 0.9, false)],
    ['nesterov', { name: 'nesterov', learningRate: 0.05 }, () => tf.train.momentum(0.05, 0.9, true)],
    ['rmsprop', { name: 'rmsprop', learningRate: 0.01 }, () => tf.train.rmsprop(0.01, 0.9, 0, 1e-7, false)],
    [
      'rmsprop momentum',
      { name: 'rmsprop', learningRate: 0.01, momentum: 0.5 },
      () => tf.train.rmsprop(0.01, 0.9, 0.5, 1e-7, false),
    ],
    [
      'rmsprop centered',
      { name: 'rmsprop', learningRate: 0.01, centered: true, rho: 0.8 },
      () => tf.train.rmsprop(0.01, 0.8, 0, 1e-7, true),
    ],
    // TF.js adds ε to the bias-corrected √v, Keras to the raw √v; with ε = 0 both are the same algorithm.
    ['adam (ε = 0)', { name: 'adam', learningRate: 0.01, epsilon: 0 }, () => tf.train.adam(0.01, 0.9, 0.999, 0)],
  ];
  it.each(cases)('%s', (_, config, make) => {
    const grads = gradientSequence(3);
    const ours = runOurs(config, grads);
    const theirs = runTf(make(), grads);
    ours.forEach((v, i) => expect(relErr(v, theirs[i])).toBeLessThan(1e-5));
  });
});

describe('Adam with Keras 3’s ε placement', () => {
  it('matches the formula computed by hand in float64', () => {
    const grads = gradientSequence(4).map((g) => g.map((t) => ({ ...t, values: t.values.map((v) => v * 1e-3) })));
    const config = { name: 'adam' as const };
    const { learningRate: lr, beta1, beta2, epsilon } = resolveOptimizerConfig(config);
    const ours = runOurs(config, grads, 2);
    const rng = seeded(2);
    SHAPES.forEach((s, i) => {
      const v = Float64Array.from(randomTensor(rng, s).values);
      const m = new Float64Array(v.length);
      const u = new Float64Array(v.length);
      grads.forEach((g, t) => {
        const alpha = (lr * Math.sqrt(1 - beta2 ** (t + 1))) / (1 - beta1 ** (t + 1));
        for (let j = 0; j < v.length; j++) {
          const gj = g[i].values[j];
          m[j] += (gj - m[j]) * (1 - beta1);
          u[j] += (gj * gj - u[j]) * (1 - beta2);
          v[j] -= (m[j] * alpha) / (Math.sqrt(u[j]) + epsilon);
        }
      });
      expect(relErr(ours[i], v)).toBeLessThan(1e-6);
    });
  });
});

describe('optimizer behaviour', () => {
  it('has Keras 3 defaults', () => {
    expect(resolveOptimizerConfig({ name: 'sgd' })).toMatchObject({ learningRate: 0.01, momentum: 0, nesterov: false });
    expect(resolveOptimizerConfig({ name: 'momentum' })).toMatchObject({
      learningRate: 0.01,
      momentum: 0.9,
      nesterov: false,
    });
    expect(resolveOptimizerConfig({ name: 'nesterov' })).toMatchObject({ momentum: 0.9, nesterov: true });
    expect(resolveOptimizerConfig({ name: 'adam' })).toMatchObject({
      learningRate: 0.001,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
    });
    expect(resolveOptimizerConfig({ name: 'rmsprop' })).toMatchObject({
      learningRate: 0.001,
      rho: 0.9,
      momentum: 0,
      epsilon: 1e-7,
      centered: false,
    });
    expect(() => resolveOptimizerConfig({ name: 'adam', learningRate: -1 })).toThrow(
      /learningRate must be a positive number/,
    );
    expect(() => resolveOptimizerConfig({ name: 'sgd', momentum: 1.5 })).toThrow(/momentum must be in \[0, 1\]/);
    expect(() => resolveOptimizerConfig({ name: 'adagrad' as 'adam' })).toThrow(/unknown optimizer 'adagrad'/);
  });

  it('skips variables without a gradient, follows learning-rate changes and rejects a different variable list', () => {
    const a = { shape: [2], values: Float32Array.from([1, 1]) };
    const b = { shape: [2], values: Float32Array.from([1, 1]) };
    const g = { shape: [2], values: Float32Array.from([1, -1]) };
    const opt = createOptimizer({ name: 'sgd', learningRate: 0.5 });
    opt.apply([a, b], [g, null]);
    expect(Array.from(a.values)).toEqual([0.5, 1.5]);
    expect(Array.from(b.values)).toEqual([1, 1]);
    opt.learningRate = 0.25;
    opt.apply([a, b], [g, g]);
    expect(Array.from(a.values)).toEqual([0.25, 1.75]);
    expect(() => opt.apply([a], [g])).toThrow(/created for 2 variables, now given 1/);
    expect(() => opt.apply([a, b], [g])).toThrow(/2 variables but 1 gradients/);
  });
});
