import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  compareWithTf,
  finiteDifferenceErrors,
  randomTensor,
  relErr,
  runReference,
  seeded,
  tensorOf,
  toTf,
  useTfCpu,
} from '../test-utils';

beforeAll(useTfCpu);

const SHAPES = [
  [4, 3, 3, 5],
  [6, 4],
  [2, 5, 1, 3],
];
const EPSILON = 1e-3;

describe('BatchNorm (inference) against TF.js', () => {
  it.each(SHAPES.map((s) => [s]))('x %j', (shape) => {
    const rng = seeded(51);
    const c = shape[shape.length - 1];
    const x = randomTensor(rng, shape, 'float32', { scale: 2 });
    const mean = randomTensor(rng, [c]);
    const variance = randomTensor(rng, [c], 'float32', { kind: 'uniform', low: 0.2, high: 2 });
    const gamma = randomTensor(rng, [c]);
    const beta = randomTensor(rng, [c]);
    const r = compareWithTf({
      kernel: 'BatchNorm',
      inputs: [x, mean, variance, gamma, beta],
      attrs: { epsilon: EPSILON },
      tf: ([a, m, v, g, b]) => tf.batchNorm(a, m, v, b, g, EPSILON),
      wrt: [0, 3, 4],
    });
    expect(r.forward).toBeLessThan(1e-6);
    for (const e of r.grads) expect(e).toBeLessThan(1e-5);
  });
});

describe('BatchNormTrain against TF.js (moments + batchNorm)', () => {
  it.each(SHAPES.map((s) => [s]))('x %j', (shape) => {
    const rng = seeded(52);
    const c = shape[shape.length - 1];
    const axes = shape.slice(0, -1).map((_, i) => i);
    const x = randomTensor(rng, shape, 'float32', { scale: 3 });
    const gamma = randomTensor(rng, [c]);
    const beta = randomTensor(rng, [c]);
    const r = compareWithTf({
      kernel: 'BatchNormTrain',
      inputs: [x, gamma, beta],
      attrs: { epsilon: EPSILON },
      tf: ([a, g, b]) => {
        const { mean, variance } = tf.moments(a, axes);
        return tf.batchNorm(a, mean, variance, b, g, EPSILON);
      },
      wrt: [0, 1, 2],
    });
    expect(r.forward).toBeLessThan(1e-5);
    for (const e of r.grads) expect(e).toBeLessThan(1e-4);
    const [, mean, variance] = runReference('BatchNormTrain', [x, gamma, beta], { epsilon: EPSILON });
    const moments = tf.tidy(() => {
      const m = tf.moments(toTf(x), axes);
      return { mean: m.mean.dataSync(), variance: m.variance.dataSync() };
    });
    expect(relErr(mean.values, moments.mean)).toBeLessThan(1e-5);
    // The biased (population) variance, which Keras 3 also feeds to the moving average.
    expect(relErr(variance.values, moments.variance)).toBeLessThan(1e-5);
  });

  it('uses the biased variance', () => {
    const [, , variance] = runReference(
      'BatchNormTrain',
      [tensorOf([4, 1], [1, 2, 3, 4]), tensorOf([1], [1]), tensorOf([1], [0])],
      { epsilon: 0 },
    );
    expect(variance.values[0]).toBeCloseTo(1.25, 6);
  });
});

describe('Batch norm float64 finite differences', () => {
  it.each(SHAPES.map((s) => [s]))('x %j', (shape) => {
    const rng = seeded(53);
    const c = shape[shape.length - 1];
    const t = (s: number[], low = -1, high = 1) => randomTensor(rng, s, 'float64', { kind: 'uniform', low, high });
    const train = finiteDifferenceErrors(
      'BatchNormTrain',
      [t(shape, -3, 3), t([c]), t([c])],
      { epsilon: EPSILON },
      [0, 1, 2],
    );
    const inference = finiteDifferenceErrors(
      'BatchNorm',
      [t(shape), t([c]), t([c], 0.3, 2), t([c]), t([c])],
      { epsilon: EPSILON },
      [0, 3, 4],
    );
    for (const e of [...train, ...inference]) expect(e).toBeLessThan(1e-7);
  });
});

describe('MovingAverage', () => {
  it('computes value·momentum + update·(1 − momentum) and checks shapes', () => {
    const [y] = runReference('MovingAverage', [tensorOf([2], [1, 10], 'float64'), tensorOf([2], [3, 0], 'float64')], {
      momentum: 0.99,
    });
    expect(y.values[0]).toBeCloseTo(0.99 + 0.03, 12);
    expect(y.values[1]).toBeCloseTo(9.9, 12);
    expect(() =>
      runReference('MovingAverage', [tensorOf([2], [1, 2]), tensorOf([3], [1, 2, 3])], { momentum: 0.9 }),
    ).toThrow(/same shape/);
  });
});
