import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ElementwiseActivation } from '../contracts';
import {
  compareWithTf,
  finiteDifferenceErrors,
  randomTensor,
  relErr,
  runReference,
  seeded,
  tensorOf,
  useTfCpu,
} from '../test-utils';
import { erf } from './math';

beforeAll(useTfCpu);

const TF_ACTIVATIONS: Record<ElementwiseActivation, (x: tf.Tensor) => tf.Tensor> = {
  relu: (x) => tf.relu(x),
  relu6: (x) => tf.relu6(x),
  elu: (x) => tf.elu(x),
  selu: (x) => tf.selu(x),
  sigmoid: (x) => tf.sigmoid(x),
  hard_sigmoid: (x) => tf.div(tf.relu6(tf.add(x, 3)), 6),
  tanh: (x) => tf.tanh(x),
  softplus: (x) => tf.softplus(x),
  softsign: (x) => tf.div(x, tf.add(1, tf.abs(x))),
  swish: (x) => tf.mul(x, tf.sigmoid(x)),
  silu: (x) => tf.mul(x, tf.sigmoid(x)),
  gelu: (x) => tf.mul(tf.mul(0.5, x), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))),
  leaky_relu: (x) => tf.leakyRelu(x, 0.2),
  exponential: (x) => tf.exp(x),
};

const NAMES = Object.keys(TF_ACTIVATIONS) as ElementwiseActivation[];

describe('Activation against TF.js', () => {
  it.each(NAMES)('%s', (activation) => {
    const x = randomTensor(seeded(3), [4, 5, 7], 'float32', { scale: activation === 'exponential' ? 1 : 4 });
    const result = compareWithTf({
      kernel: 'Activation',
      inputs: [x],
      attrs: { activation },
      tf: ([a]) => TF_ACTIVATIONS[activation](a),
      wrt: [0],
    });
    // TF.js' erf is a 1e-7-accurate approximation; everything else matches to float32 rounding.
    expect(result.forward).toBeLessThan(1e-5);
    expect(result.grads[0]).toBeLessThan(1e-5);
  });

  it('matches Keras at the kinks and constants', () => {
    const x = tensorOf([6], [-3, 0, 3, 6, 7, -1]);
    const y = (activation: ElementwiseActivation) =>
      Array.from(runReference('Activation', [x], { activation })[0].values);
    expect(y('hard_sigmoid')).toEqual([0, 0.5, 1, 1, 1, Math.fround(2 / 6)]);
    expect(y('relu6')).toEqual([0, 0, 3, 6, 6, 0]);
    expect(y('leaky_relu')[0]).toBeCloseTo(-0.6, 6);
    expect(y('selu')[5]).toBeCloseTo(1.0507009873554805 * 1.6732632423543772 * Math.expm1(-1), 6);
    expect(y('elu')[5]).toBeCloseTo(Math.expm1(-1), 6);
  });
});

describe('Activation float64 finite differences', () => {
  it.each(NAMES)('%s', (activation) => {
    const x = randomTensor(seeded(4), [3, 8], 'float64', { scale: 2.5 });
    const [e] = finiteDifferenceErrors('Activation', [x], { activation }, [0]);
    expect(e).toBeLessThan(1e-8);
  });

  it('erf is accurate to float64 on both branches', () => {
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 15);
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 15);
    expect(erf(-2.4)).toBeCloseTo(-0.999311486103355, 15);
    expect(erf(2.6)).toBeCloseTo(0.9997639655834707, 15);
    expect(erf(2.5)).toBeCloseTo(0.999593047982555, 15);
    expect(erf(3)).toBeCloseTo(1 - 2.209049699858544e-5, 15);
  });
});

describe('Softmax, Scale, AddN, Multiply', () => {
  it('Softmax against TF.js', () => {
    const x = randomTensor(seeded(5), [3, 4, 6], 'float32', { scale: 3 });
    const r = compareWithTf({ kernel: 'Softmax', inputs: [x], attrs: {}, tf: ([a]) => tf.softmax(a), wrt: [0] });
    expect(r.forward).toBeLessThan(1e-5);
    expect(r.grads[0]).toBeLessThan(1e-5);
  });

  it('Softmax is stable for large logits', () => {
    const [y] = runReference('Softmax', [tensorOf([1, 3], [1000, 1000, -1000])], {});
    expect(Array.from(y.values)).toEqual([0.5, 0.5, 0]);
  });

  it('Scale against TF.js', () => {
    const x = randomTensor(seeded(6), [2, 3, 4]);
    const r = compareWithTf({
      kernel: 'Scale',
      inputs: [x],
      attrs: { factor: 1 / 255, offset: -0.5 },
      tf: ([a]) => tf.add(tf.mul(a, 1 / 255), -0.5),
      wrt: [0],
    });
    expect(r.forward).toBeLessThan(1e-6);
    expect(r.grads[0]).toBeLessThan(1e-6);
  });

  it('AddN and Multiply against TF.js, including a repeated input', () => {
    const rng = seeded(7);
    const [a, b, c] = [randomTensor(rng, [2, 5]), randomTensor(rng, [2, 5]), randomTensor(rng, [2, 5])];
    const add = compareWithTf({
      kernel: 'AddN',
      inputs: [a, b, c],
      attrs: {},
      tf: (xs) => tf.addN(xs),
      wrt: [0, 1, 2],
    });
    const mul = compareWithTf({
      kernel: 'Multiply',
      inputs: [a, b, c],
      attrs: {},
      tf: ([p, q, r]) => tf.mul(tf.mul(p, q), r),
      wrt: [0, 1, 2],
    });
    for (const e of [add.forward, mul.forward, ...add.grads, ...mul.grads]) expect(e).toBeLessThan(1e-6);
  });

  it('float64 finite differences', () => {
    const rng = seeded(8);
    const t = (shape: number[]) => randomTensor(rng, shape, 'float64');
    const checks = [
      finiteDifferenceErrors('Softmax', [t([3, 5])], {}, [0]),
      finiteDifferenceErrors('Scale', [t([4])], { factor: -2.5, offset: 1 }, [0]),
      finiteDifferenceErrors('AddN', [t([2, 3]), t([2, 3])], {}, [0, 1]),
      finiteDifferenceErrors('Multiply', [t([2, 3]), t([2, 3]), t([2, 3])], {}, [0, 1, 2]),
    ];
    for (const e of checks.flat()) expect(e).toBeLessThan(1e-8);
  });

  it('rejects mismatched shapes with a message naming them', () => {
    expect(() => runReference('AddN', [tensorOf([2], [1, 2]), tensorOf([3], [1, 2, 3])], {})).toThrow(
      /input 0 \[2\] and input 1 \[3\]/,
    );
    expect(relErr([1, 2], [1, 2])).toBe(0);
  });
});
