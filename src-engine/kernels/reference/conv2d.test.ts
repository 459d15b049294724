import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Padding } from '../../ops/ops';
import { compareWithTf, finiteDifferenceErrors, randomTensor, runReference, seeded, useTfCpu } from '../test-utils';

beforeAll(useTfCpu);

const CASES: { x: number[]; f: number[]; strides: [number, number]; padding: Padding }[] = [
  { x: [2, 7, 7, 3], f: [3, 3, 3, 4], strides: [1, 1], padding: 'valid' },
  { x: [2, 7, 7, 3], f: [3, 3, 3, 4], strides: [2, 2], padding: 'same' },
  { x: [1, 9, 8, 2], f: [2, 5, 2, 3], strides: [2, 1], padding: 'same' },
  { x: [3, 6, 5, 4], f: [4, 2, 4, 5], strides: [3, 2], padding: 'valid' },
  { x: [1, 5, 5, 1], f: [5, 5, 1, 2], strides: [1, 1], padding: 'same' },
  { x: [2, 8, 8, 2], f: [2, 2, 2, 3], strides: [2, 2], padding: 'same' },
  { x: [1, 6, 7, 2], f: [3, 4, 2, 2], strides: [2, 3], padding: 'same' },
  { x: [2, 9, 11, 6], f: [3, 3, 6, 5], strides: [1, 1], padding: 'same' },
  { x: [1, 10, 10, 8], f: [5, 3, 8, 4], strides: [2, 2], padding: 'same' },
  { x: [2, 12, 9, 5], f: [3, 2, 5, 6], strides: [1, 2], padding: 'valid' },
];

describe('Conv2D against TF.js', () => {
  it.each(CASES)('x $x, filter $f, strides $strides, $padding', ({ x, f, strides, padding }) => {
    const rng = seeded(1);
    const result = compareWithTf({
      kernel: 'Conv2D',
      inputs: [randomTensor(rng, x), randomTensor(rng, f)],
      attrs: { strides, padding },
      tf: ([a, b]) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, padding),
      wrt: [0, 1],
    });
    expect(result.forward).toBeLessThan(1e-5);
    expect(result.grads[0]).toBeLessThan(1e-5);
    expect(result.grads[1]).toBeLessThan(1e-5);
  });
});

describe('Conv2D float64 finite differences', () => {
  it.each([
    { x: [1, 5, 4, 2], f: [3, 2, 2, 3], strides: [2, 1] as [number, number], padding: 'same' as Padding },
    { x: [2, 5, 5, 2], f: [2, 3, 2, 2], strides: [1, 2] as [number, number], padding: 'valid' as Padding },
    { x: [1, 4, 9, 5], f: [3, 3, 5, 2], strides: [1, 1] as [number, number], padding: 'same' as Padding },
  ])('x $x, filter $f, strides $strides, $padding', ({ x, f, strides, padding }) => {
    const rng = seeded(2);
    const errors = finiteDifferenceErrors(
      'Conv2D',
      [randomTensor(rng, x, 'float64'), randomTensor(rng, f, 'float64')],
      { strides, padding },
      [0, 1],
    );
    for (const e of errors) expect(e).toBeLessThan(1e-8);
  });
});

describe('Conv2D contract', () => {
  it('splits same padding as TF (extra cell after) and validates shapes', () => {
    // 4 wide, kernel 2, stride 2 → no padding; 5 wide, kernel 2, stride 2 → one cell, after.
    const x = { shape: [1, 1, 5, 1], values: Float32Array.from([1, 2, 3, 4, 5]) };
    const f = { shape: [1, 2, 1, 1], values: Float32Array.from([1, 10]) };
    const [y] = runReference('Conv2D', [x, f], { strides: [1, 2], padding: 'same' });
    expect(Array.from(y.values)).toEqual([21, 43, 5]);
    expect(() =>
      runReference('Conv2D', [x, { shape: [1, 2, 2, 1], values: new Float32Array(4) }], {
        strides: [1, 1],
        padding: 'valid',
      }),
    ).toThrow(/expects 2 input channels/);
    expect(() =>
      runReference('Conv2D', [x, { shape: [3, 3, 1, 1], values: new Float32Array(9) }], {
        strides: [1, 1],
        padding: 'valid',
      }),
    ).toThrow(/does not fit/);
  });
});
