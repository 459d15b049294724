import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Padding, Pair } from '../../ops/ops';
import {
  compareWithTf,
  finiteDifferenceErrors,
  randomTensor,
  relErr,
  runReference,
  seeded,
  tfAvgPool,
  toTf,
  useTfCpu,
} from '../test-utils';

beforeAll(useTfCpu);

const pair = (p: Pair): [number, number] => [p[0], p[1]];

const CASES: { x: number[]; poolSize: Pair; strides: Pair; padding: Padding }[] = [
  { x: [2, 7, 7, 3], poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
  { x: [2, 7, 7, 3], poolSize: [2, 2], strides: [2, 2], padding: 'same' },
  { x: [1, 7, 6, 2], poolSize: [3, 3], strides: [2, 2], padding: 'same' },
  { x: [2, 5, 8, 3], poolSize: [2, 3], strides: [1, 2], padding: 'same' },
  { x: [1, 9, 9, 1], poolSize: [3, 2], strides: [3, 1], padding: 'valid' },
  { x: [1, 6, 6, 2], poolSize: [3, 3], strides: [1, 1], padding: 'same' },
];

describe('MaxPool against TF.js', () => {
  it.each(CASES)('x $x, pool $poolSize, strides $strides, $padding', ({ x, poolSize, strides, padding }) => {
    const r = compareWithTf({
      kernel: 'MaxPool',
      inputs: [randomTensor(seeded(31), x)],
      attrs: { poolSize, strides, padding },
      tf: ([a]) => tf.maxPool(a as tf.Tensor4D, pair(poolSize), pair(strides), padding),
      wrt: [0],
    });
    expect(r.forward).toBeLessThan(1e-6);
    expect(r.grads[0]).toBeLessThan(1e-6);
  });

  it('never selects a padded cell (all-negative input)', () => {
    const x = { shape: [1, 2, 2, 1], values: Float32Array.from([-4, -3, -2, -1]) };
    const [y] = runReference('MaxPool', [x], { poolSize: [3, 3], strides: [1, 1], padding: 'same' });
    expect(Array.from(y.values)).toEqual([-1, -1, -1, -1]);
  });

  it('routes a tie to the first maximum, as TF does', () => {
    const x = { shape: [1, 2, 2, 1], values: Float32Array.from([5, 5, 5, 5]) };
    const y = runReference('MaxPool', [x], { poolSize: [2, 2], strides: [2, 2], padding: 'valid' })[0];
    const dy = { shape: [1, 1, 1, 1], values: Float32Array.from([1]) };
    const [dx] = runReference('MaxPoolGrad', [dy, x, y], { poolSize: [2, 2], strides: [2, 2], padding: 'valid' });
    expect(Array.from(dx.values)).toEqual([1, 0, 0, 0]);
  });
});

describe('AvgPool', () => {
  it.each(CASES)(
    'x $x, pool $poolSize, strides $strides, $padding against TF.js',
    ({ x, poolSize, strides, padding }) => {
      const input = randomTensor(seeded(32), x);
      const attrs = { poolSize, strides, padding };
      const r = compareWithTf({
        kernel: 'AvgPool',
        inputs: [input],
        attrs,
        tf: ([a]) => tfAvgPool(a, poolSize, strides, padding),
        wrt: [0],
      });
      expect(r.forward).toBeLessThan(1e-6);
      expect(r.grads[0]).toBeLessThan(1e-6);
      const direct = tf.tidy(() =>
        tf.avgPool(toTf(input) as tf.Tensor4D, pair(poolSize), pair(strides), padding).dataSync(),
      );
      expect(relErr(runReference('AvgPool', [input], attrs)[0].values, direct)).toBeLessThan(1e-6);
    },
  );

  it("divides 'same' border windows by their real cells", () => {
    const x = { shape: [1, 1, 3, 1], values: Float32Array.from([3, 6, 9]) };
    const [y] = runReference('AvgPool', [x], { poolSize: [1, 2], strides: [1, 2], padding: 'same' });
    expect(Array.from(y.values)).toEqual([4.5, 9]);
  });
});

describe('Global pools against TF.js', () => {
  it.each([[[2, 5, 4, 3]], [[1, 1, 1, 6]], [[3, 3, 7, 2]]])('x %j', (shape) => {
    const x = randomTensor(seeded(33), shape);
    const avg = compareWithTf({
      kernel: 'GlobalAvgPool',
      inputs: [x],
      attrs: {},
      tf: ([a]) => tf.mean(a, [1, 2]),
      wrt: [0],
    });
    const max = compareWithTf({
      kernel: 'GlobalMaxPool',
      inputs: [x],
      attrs: {},
      tf: ([a]) => tf.max(a, [1, 2]),
      wrt: [0],
    });
    for (const e of [avg.forward, max.forward, ...avg.grads, ...max.grads]) expect(e).toBeLessThan(1e-6);
  });
});

describe('Pooling float64 finite differences', () => {
  it.each([
    { x: [1, 5, 6, 2], poolSize: [3, 2] as Pair, strides: [2, 2] as Pair, padding: 'same' as Padding },
    { x: [2, 5, 5, 1], poolSize: [2, 2] as Pair, strides: [1, 2] as Pair, padding: 'valid' as Padding },
  ])('x $x, pool $poolSize, strides $strides, $padding', ({ x, poolSize, strides, padding }) => {
    const attrs = { poolSize, strides, padding };
    const rng = seeded(34);
    const errors = [
      ...finiteDifferenceErrors('MaxPool', [randomTensor(rng, x, 'float64')], attrs, [0]),
      ...finiteDifferenceErrors('AvgPool', [randomTensor(rng, x, 'float64')], attrs, [0]),
      ...finiteDifferenceErrors('GlobalAvgPool', [randomTensor(rng, x, 'float64')], {}, [0]),
      ...finiteDifferenceErrors('GlobalMaxPool', [randomTensor(rng, x, 'float64')], {}, [0]),
    ];
    for (const e of errors) expect(e).toBeLessThan(1e-8);
  });
});
