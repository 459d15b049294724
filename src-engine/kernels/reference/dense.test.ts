import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareWithTf, finiteDifferenceErrors, randomTensor, runReference, seeded, useTfCpu } from '../test-utils';

beforeAll(useTfCpu);

const MATMUL = [
  { a: [5, 7], b: [7, 3], transposeA: false, transposeB: false },
  { a: [7, 5], b: [7, 3], transposeA: true, transposeB: false },
  { a: [5, 7], b: [3, 7], transposeA: false, transposeB: true },
  { a: [7, 5], b: [3, 7], transposeA: true, transposeB: true },
  { a: [1, 9], b: [9, 1], transposeA: false, transposeB: false },
  { a: [6, 10], b: [10, 9], transposeA: false, transposeB: false },
  { a: [10, 6], b: [9, 10], transposeA: true, transposeB: true },
  { a: [6, 11], b: [9, 11], transposeA: false, transposeB: true },
  { a: [11, 6], b: [11, 9], transposeA: true, transposeB: false },
];

describe('MatMul', () => {
  it.each(MATMUL)('a $a (ᵀ $transposeA) × b $b (ᵀ $transposeB) against TF.js', ({ a, b, transposeA, transposeB }) => {
    const rng = seeded(21);
    const r = compareWithTf({
      kernel: 'MatMul',
      inputs: [randomTensor(rng, a), randomTensor(rng, b)],
      attrs: { transposeA, transposeB },
      tf: ([p, q]) => tf.matMul(p, q, transposeA, transposeB),
      wrt: [0, 1],
    });
    expect(r.forward).toBeLessThan(1e-6);
    for (const e of r.grads) expect(e).toBeLessThan(1e-6);
  });

  it.each(MATMUL)(
    'a $a (ᵀ $transposeA) × b $b (ᵀ $transposeB) float64 finite differences',
    ({ a, b, transposeA, transposeB }) => {
      const rng = seeded(22);
      const errors = finiteDifferenceErrors(
        'MatMul',
        [randomTensor(rng, a, 'float64'), randomTensor(rng, b, 'float64')],
        { transposeA, transposeB },
        [0, 1],
      );
      for (const e of errors) expect(e).toBeLessThan(1e-8);
    },
  );

  it('reports mismatched inner dimensions', () => {
    const rng = seeded(23);
    expect(() =>
      runReference('MatMul', [randomTensor(rng, [2, 3]), randomTensor(rng, [4, 2])], {
        transposeA: false,
        transposeB: false,
      }),
    ).toThrow(/inner dimensions differ/);
  });
});

describe('BiasAdd', () => {
  it.each([[[4, 6]], [[2, 3, 3, 5]]])('x %j against TF.js', (shape) => {
    const rng = seeded(24);
    const x = randomTensor(rng, shape);
    const bias = randomTensor(rng, [shape[shape.length - 1]]);
    const r = compareWithTf({
      kernel: 'BiasAdd',
      inputs: [x, bias],
      attrs: {},
      tf: ([p, q]) => tf.add(p, q),
      wrt: [0, 1],
    });
    expect(r.forward).toBeLessThan(1e-6);
    for (const e of r.grads) expect(e).toBeLessThan(1e-6);
  });

  it('float64 finite differences, and a wrong bias length is reported', () => {
    const rng = seeded(25);
    const errors = finiteDifferenceErrors(
      'BiasAdd',
      [randomTensor(rng, [2, 3, 4], 'float64'), randomTensor(rng, [4], 'float64')],
      {},
      [0, 1],
    );
    for (const e of errors) expect(e).toBeLessThan(1e-8);
    expect(() => runReference('BiasAdd', [randomTensor(rng, [2, 4]), randomTensor(rng, [3])], {})).toThrow(
      /bias must have shape \[4\]/,
    );
  });
});
