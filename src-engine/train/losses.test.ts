import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createReferenceOps } from '../autograd/reference-ops';
import { valueAndGrads } from '../autograd/tape';
import type { ActivationName } from '../core/activations';
import type { Tensor } from '../core/tensor';
import { randomTensor, relErr, seeded, toTf, useTfCpu } from '../kernels/test-utils';
import { LOSS_NAMES, type LossName } from '../core/vocabulary';
import { computeLoss } from './losses';

beforeAll(useTfCpu);

const EPS = 1e-7;
const N = 6;
const IN = 4;
const CLASSES = 3;

/** Targets for each loss: one-hot, class indices, independent bits, real values. */
function targets(name: LossName): Tensor {
  const rng = seeded(70);
  if (name === 'sparse_categorical_crossentropy')
    return { shape: [N], values: Float32Array.from({ length: N }, () => rng.integer(0, CLASSES)) };
  const v = new Float32Array(N * CLASSES);
  for (let r = 0; r < N; r++) {
    if (name === 'categorical_crossentropy') v[r * CLASSES + rng.integer(0, CLASSES)] = 1;
    else
      for (let j = 0; j < CLASSES; j++)
        v[r * CLASSES + j] = name === 'binary_crossentropy' ? rng.integer(0, 2) : rng.normal();
  }
  return { shape: [N, CLASSES], values: v };
}

/** Keras' formulas in TF.js (from logits where Keras 3 uses them). */
function tfLoss(name: LossName, target: tf.Tensor, z: tf.Tensor, activation: ActivationName): tf.Scalar {
  const onehot = name === 'sparse_categorical_crossentropy' ? tf.oneHot(tf.cast(target, 'int32'), CLASSES) : target;
  switch (name) {
    case 'categorical_crossentropy':
    case 'sparse_categorical_crossentropy':
      if (activation === 'softmax') return tf.mean(tf.neg(tf.sum(tf.mul(onehot, tf.logSoftmax(z)), -1)));
      return tf.mean(
        tf.neg(tf.sum(tf.mul(onehot, tf.log(tf.clipByValue(tf.div(z, tf.sum(z, -1, true)), EPS, 1 - EPS))), -1)),
      );
    case 'binary_crossentropy': {
      const p = activation === 'sigmoid' ? tf.sigmoid(z) : tf.clipByValue(z, EPS, 1 - EPS);
      return tf.mean(tf.neg(tf.add(tf.mul(target, tf.log(p)), tf.mul(tf.sub(1, target), tf.log(tf.sub(1, p))))));
    }
    default:
      return tf.mean(tf.square(tf.sub(z, target)));
  }
}

describe('computeLoss through the tape against TF.js', () => {
  const cases: [LossName, ActivationName][] = [
    ['categorical_crossentropy', 'softmax'],
    ['sparse_categorical_crossentropy', 'softmax'],
    ['binary_crossentropy', 'sigmoid'],
    ['mean_squared_error', 'linear'],
    ['mean_squared_error', 'tanh'],
    // Probabilities not made by softmax/sigmoid: Keras clips them.
    ['categorical_crossentropy', 'exponential'],
    ['binary_crossentropy', 'hard_sigmoid'],
  ];
  it.each(cases)('%s after %s', (name, activation) => {
    const ops = createReferenceOps();
    const rng = seeded(71);
    const x = randomTensor(rng, [N, IN]) as Tensor;
    const w = randomTensor(rng, [IN, CLASSES], 'float32', { scale: 2 }) as Tensor;
    const target = targets(name);
    const { value, grads } = valueAndGrads(
      () => computeLoss(ops, name, target, ops.activation(ops.matMul(x, w), activation)),
      [w],
    );
    const oracle = tf.tidy(() => {
      const f = (tw: tf.Tensor) => {
        const z = tf.matMul(toTf(x), tw);
        const a =
          activation === 'tanh'
            ? tf.tanh(z)
            : activation === 'exponential'
              ? tf.exp(z)
              : activation === 'hard_sigmoid'
                ? tf.div(tf.relu6(tf.add(z, 3)), 6)
                : z;
        return tfLoss(name, toTf(target), activation === 'softmax' || activation === 'sigmoid' ? z : a, activation);
      };
      const { value: v, grad } = tf.valueAndGrad(f)(toTf(w));
      return { value: v.dataSync()[0], grad: grad.dataSync() };
    });
    expect(value.shape).toEqual([]);
    expect(relErr(value.values, [oracle.value])).toBeLessThan(1e-5);
    expect(relErr((grads[0] as Tensor).values, oracle.grad)).toBeLessThan(1e-4);
  });

  it('uses the logits behind a saturated softmax instead of clipping', () => {
    const ops = createReferenceOps();
    const logits = { shape: [1, 3], values: Float32Array.from([0, 60, -60]) };
    const target = { shape: [1, 3], values: Float32Array.from([1, 0, 0]) };
    const probabilities = ops.activation(logits, 'softmax');
    expect(computeLoss(ops, 'categorical_crossentropy', target, probabilities).values[0]).toBeCloseTo(60, 4);
    // The same probabilities without their provenance are clipped at 1e-7, as Keras does.
    const copy = { shape: probabilities.shape, values: probabilities.values.slice() };
    expect(computeLoss(ops, 'categorical_crossentropy', target, copy).values[0]).toBeCloseTo(
      -Math.log(Math.fround(EPS)),
      3,
    );
    expect(computeLoss(ops, 'categorical_crossentropy', target, logits, { fromLogits: true }).values[0]).toBeCloseTo(
      60,
      4,
    );
  });

  it('names every loss and rejects unknown ones', () => {
    expect(LOSS_NAMES).toEqual([
      'categorical_crossentropy',
      'sparse_categorical_crossentropy',
      'binary_crossentropy',
      'mean_squared_error',
    ]);
    const ops = createReferenceOps();
    const t = { shape: [1, 1], values: Float32Array.from([1]) };
    expect(() => computeLoss(ops, 'hinge' as LossName, t, t)).toThrow(/unknown loss 'hinge'/);
  });
});
