import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Rng } from '../../core/rng';
import {
  compareWithTf,
  finiteDifferenceErrors,
  randomTensor,
  runReference,
  seeded,
  tensorOf,
  useTfCpu,
} from '../test-utils';
import type { FloatTensor } from './tensor';

beforeAll(useTfCpu);

const EPS = 1e-7;
const SHAPES = [
  [5, 4],
  [2, 3, 6],
];

function oneHot(
  rng: Rng,
  shape: number[],
  dtype: 'float32' | 'float64' = 'float32',
): { dense: FloatTensor; sparse: FloatTensor } {
  const c = shape[shape.length - 1];
  const rows = shape.slice(0, -1);
  const labels = Array.from({ length: rows.reduce((a, b) => a * b, 1) }, () => rng.integer(0, c));
  const dense = new Float64Array(labels.length * c);
  labels.forEach((l, r) => (dense[r * c + l] = 1));
  return { dense: tensorOf(shape, dense, dtype), sparse: tensorOf(rows, labels, dtype) };
}

/** Probabilities per row, with a few entries pushed under ε so the clip is exercised. */
function probabilities(
  rng: Rng,
  shape: number[],
  withTiny: boolean,
  dtype: 'float32' | 'float64' = 'float32',
): FloatTensor {
  const logits = randomTensor(rng, shape, dtype, { scale: 2 });
  const [p] = runReference('Softmax', [logits], {});
  if (withTiny) for (let i = 0; i < p.values.length; i += 7) p.values[i] = 1e-9;
  return p;
}

const logSoftmax = (z: tf.Tensor) => tf.logSoftmax(z);
const clip = (p: tf.Tensor) => tf.clipByValue(p, EPS, 1 - EPS);

describe('crossentropy kernels against TF.js', () => {
  it.each(SHAPES.map((s) => [s]))('categorical from logits and from probabilities, output %j', (shape) => {
    const rng = seeded(61);
    const { dense } = oneHot(rng, shape);
    const logits = compareWithTf({
      kernel: 'CategoricalCrossentropy',
      inputs: [dense, randomTensor(rng, shape, 'float32', { scale: 3 })],
      attrs: { fromLogits: true },
      tf: ([t, z]) => tf.neg(tf.sum(tf.mul(t, logSoftmax(z)), -1)),
      wrt: [1],
    });
    const probs = compareWithTf({
      kernel: 'CategoricalCrossentropy',
      inputs: [dense, probabilities(rng, shape, true)],
      attrs: { fromLogits: false },
      tf: ([t, o]) => tf.neg(tf.sum(tf.mul(t, tf.log(clip(tf.div(o, tf.sum(o, -1, true))))), -1)),
      wrt: [1],
    });
    for (const e of [logits.forward, probs.forward, ...logits.grads, ...probs.grads]) expect(e).toBeLessThan(1e-5);
  });

  it.each(SHAPES.map((s) => [s]))('sparse categorical from logits and from probabilities, output %j', (shape) => {
    const rng = seeded(62);
    const { dense, sparse } = oneHot(rng, shape);
    const denseTf = tf.tensor(Float32Array.from(dense.values), shape);
    const logits = compareWithTf({
      kernel: 'SparseCategoricalCrossentropy',
      inputs: [sparse, randomTensor(rng, shape, 'float32', { scale: 3 })],
      attrs: { fromLogits: true },
      tf: ([, z]) => tf.neg(tf.sum(tf.mul(denseTf, logSoftmax(z)), -1)),
      wrt: [1],
    });
    const probs = compareWithTf({
      kernel: 'SparseCategoricalCrossentropy',
      inputs: [sparse, probabilities(rng, shape, true)],
      attrs: { fromLogits: false },
      tf: ([, o]) => tf.neg(tf.sum(tf.mul(denseTf, logSoftmax(tf.log(clip(o)))), -1)),
      wrt: [1],
    });
    denseTf.dispose();
    for (const e of [logits.forward, probs.forward, ...logits.grads, ...probs.grads]) expect(e).toBeLessThan(1e-5);
  });

  it.each(SHAPES.map((s) => [s]))('binary from logits and from probabilities, output %j', (shape) => {
    const rng = seeded(63);
    const target = randomTensor(rng, shape, 'float32', { kind: 'uniform', low: 0, high: 1 });
    const bce = (t: tf.Tensor, p: tf.Tensor) =>
      tf.neg(tf.mean(tf.add(tf.mul(t, tf.log(p)), tf.mul(tf.sub(1, t), tf.log(tf.sub(1, p)))), -1));
    const logits = compareWithTf({
      kernel: 'BinaryCrossentropy',
      inputs: [target, randomTensor(rng, shape, 'float32', { scale: 3 })],
      attrs: { fromLogits: true },
      tf: ([t, z]) => bce(t, tf.sigmoid(z)),
      wrt: [1],
    });
    const output = randomTensor(rng, shape, 'float32', { kind: 'uniform', low: 0.01, high: 0.99 });
    output.values[0] = 0;
    output.values[3] = 1;
    const probs = compareWithTf({
      kernel: 'BinaryCrossentropy',
      inputs: [target, output],
      attrs: { fromLogits: false },
      tf: ([t, o]) => bce(t, clip(o)),
      wrt: [1],
    });
    for (const e of [logits.forward, probs.forward, ...logits.grads, ...probs.grads]) expect(e).toBeLessThan(1e-5);
  });

  it.each(SHAPES.map((s) => [s]))('mean squared error and Mean, output %j', (shape) => {
    const rng = seeded(64);
    const mse = compareWithTf({
      kernel: 'MeanSquaredError',
      inputs: [randomTensor(rng, shape), randomTensor(rng, shape)],
      attrs: {},
      tf: ([t, o]) => tf.mean(tf.square(tf.sub(o, t)), -1),
      wrt: [1],
    });
    const mean = compareWithTf({
      kernel: 'Mean',
      inputs: [randomTensor(rng, shape)],
      attrs: {},
      tf: ([x]) => tf.mean(x),
      wrt: [0],
    });
    for (const e of [mse.forward, mean.forward, ...mse.grads, ...mean.grads]) expect(e).toBeLessThan(1e-6);
  });
});

describe('loss kernels float64 finite differences', () => {
  it('every loss, both paths', () => {
    const rng = seeded(65);
    const shape = [3, 5];
    const { dense, sparse } = oneHot(rng, shape, 'float64');
    const soft = randomTensor(rng, shape, 'float64', { kind: 'uniform', low: 0, high: 1 });
    const t = () => randomTensor(rng, shape, 'float64', { scale: 2 });
    const probs = () => randomTensor(rng, shape, 'float64', { kind: 'uniform', low: 0.05, high: 0.95 });
    const errors = [
      ...finiteDifferenceErrors('CategoricalCrossentropy', [soft, t()], { fromLogits: true }, [1]),
      ...finiteDifferenceErrors('CategoricalCrossentropy', [dense, probs()], { fromLogits: false }, [1]),
      ...finiteDifferenceErrors('SparseCategoricalCrossentropy', [sparse, t()], { fromLogits: true }, [1]),
      ...finiteDifferenceErrors('SparseCategoricalCrossentropy', [sparse, probs()], { fromLogits: false }, [1]),
      ...finiteDifferenceErrors('BinaryCrossentropy', [soft, t()], { fromLogits: true }, [1]),
      ...finiteDifferenceErrors('BinaryCrossentropy', [soft, probs()], { fromLogits: false }, [1]),
      ...finiteDifferenceErrors('MeanSquaredError', [soft, t()], {}, [1]),
      ...finiteDifferenceErrors('Mean', [t()], {}, [0]),
    ];
    for (const e of errors) expect(e).toBeLessThan(1e-7);
  });
});

describe('loss kernel contracts', () => {
  it('accepts sparse targets with a trailing axis of 1 and rejects bad labels', () => {
    const output = tensorOf([2, 3], [1, 2, 3, 3, 2, 1]);
    const [a] = runReference('SparseCategoricalCrossentropy', [tensorOf([2], [0, 2]), output], { fromLogits: true });
    const [b] = runReference('SparseCategoricalCrossentropy', [tensorOf([2, 1], [0, 2]), output], { fromLogits: true });
    expect(Array.from(b.values)).toEqual(Array.from(a.values));
    expect(() =>
      runReference('SparseCategoricalCrossentropy', [tensorOf([2], [0, 3]), output], { fromLogits: true }),
    ).toThrow(/target 1 is 3, but class indices must be integers in \[0, 2\]/);
    expect(() =>
      runReference('CategoricalCrossentropy', [tensorOf([2, 2], [1, 0, 0, 1]), output], { fromLogits: true }),
    ).toThrow(/same shape/);
  });

  it('clips probabilities to [1e-7, 1 − 1e-7] as Keras does', () => {
    const [loss] = runReference(
      'BinaryCrossentropy',
      [tensorOf([1, 1], [1], 'float64'), tensorOf([1, 1], [0], 'float64')],
      { fromLogits: false },
    );
    expect(loss.values[0]).toBeCloseTo(-Math.log(1e-7), 10);
  });
});
