import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareWithTf, finiteDifferenceErrors, randomTensor, runReference, seeded, useTfCpu } from '../test-utils';

beforeAll(useTfCpu);

describe('Pad2D', () => {
  it.each([
    { x: [2, 3, 4, 2], top: 1, bottom: 2, left: 0, right: 3 },
    { x: [1, 5, 5, 3], top: 0, bottom: 0, left: 1, right: 1 },
  ])('x $x, top $top bottom $bottom left $left right $right against TF.js', ({ x, top, bottom, left, right }) => {
    const r = compareWithTf({
      kernel: 'Pad2D',
      inputs: [randomTensor(seeded(41), x)],
      attrs: { top, bottom, left, right },
      tf: ([a]) =>
        tf.pad(a, [
          [0, 0],
          [top, bottom],
          [left, right],
          [0, 0],
        ]),
      wrt: [0],
    });
    expect(r.forward).toBe(0);
    expect(r.grads[0]).toBeLessThan(1e-7);
  });

  it('rejects negative padding', () => {
    expect(() =>
      runReference('Pad2D', [randomTensor(seeded(1), [1, 2, 2, 1])], { top: -1, bottom: 0, left: 0, right: 0 }),
    ).toThrow(/non-negative/);
  });
});

describe('Slice, Reshape, Concat', () => {
  it('Slice against TF.js', () => {
    const x = randomTensor(seeded(42), [3, 4, 5, 2]);
    const r = compareWithTf({
      kernel: 'Slice',
      inputs: [x],
      attrs: { begin: [1, 0, 2, 1], size: [2, 3, 3, 1] },
      tf: ([a]) => tf.slice(a, [1, 0, 2, 1], [2, 3, 3, 1]),
      wrt: [],
    });
    expect(r.forward).toBe(0);
    expect(() => runReference('Slice', [x], { begin: [0, 0, 4, 0], size: [1, 1, 2, 1] })).toThrow(/do not fit/);
  });

  it('Reshape against TF.js', () => {
    const x = randomTensor(seeded(43), [2, 3, 4, 2]);
    const r = compareWithTf({
      kernel: 'Reshape',
      inputs: [x],
      attrs: { shape: [2, 24] },
      tf: ([a]) => tf.reshape(a, [2, 24]),
      wrt: [0],
    });
    expect(r.forward).toBe(0);
    expect(r.grads[0]).toBeLessThan(1e-7);
    expect(() => runReference('Reshape', [x], { shape: [5, 10] })).toThrow(
      /cannot reshape \[2, 3, 4, 2\] \(48 values\) to \[5, 10\]/,
    );
  });

  it.each([0, 1, 2, 3])('Concat on axis %i against TF.js', (axis) => {
    const rng = seeded(44);
    const shapes = [
      [2, 3, 4, 2],
      [2, 3, 4, 2],
      [2, 3, 4, 2],
    ].map((s, i) => s.map((d, k) => (k === axis ? d + i : d)));
    const inputs = shapes.map((s) => randomTensor(rng, s));
    const r = compareWithTf({
      kernel: 'Concat',
      inputs,
      attrs: { axis },
      tf: (xs) => tf.concat(xs, axis),
      wrt: [0, 1, 2],
    });
    expect(r.forward).toBe(0);
    for (const e of r.grads) expect(e).toBeLessThan(1e-7);
  });

  it('float64 finite differences', () => {
    const rng = seeded(45);
    const t = (shape: number[]) => randomTensor(rng, shape, 'float64');
    const errors = [
      ...finiteDifferenceErrors('Pad2D', [t([1, 2, 3, 2])], { top: 1, bottom: 0, left: 2, right: 1 }, [0]),
      ...finiteDifferenceErrors('Reshape', [t([2, 6])], { shape: [3, 4] }, [0]),
      ...finiteDifferenceErrors('Concat', [t([2, 3]), t([2, 1]), t([2, 2])], { axis: 1 }, [0, 1, 2]),
    ];
    for (const e of errors) expect(e).toBeLessThan(1e-8);
  });

  it('Concat reports mismatched shapes', () => {
    const rng = seeded(46);
    expect(() => runReference('Concat', [randomTensor(rng, [2, 3]), randomTensor(rng, [3, 3])], { axis: 1 })).toThrow(
      /must match on every axis except axis 1/,
    );
  });
});
