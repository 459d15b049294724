import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tensor } from '../core/tensor';
import { dispatcher, type KernelImpls, type KernelName } from '../kernels/contracts';
import { referenceBackend, REFERENCE_KERNELS, type FloatTensor } from '../kernels/reference';
import { randomTensor, relErr, seeded, tfAvgPool, toTf, useTfCpu } from '../kernels/test-utils';
import type { Ops } from '../ops/ops';
import { computeLoss } from '../train/losses';
import { createRng } from '../core/rng';
import { createOps, type EngineOps } from './engine-ops';
import { createReferenceOps } from './reference-ops';
import { valueAndGrads } from './tape';

beforeAll(useTfCpu);

interface Weights<T> {
  w1: T;
  b1: T;
  gamma: T;
  beta: T;
  w2: T;
  w3: T;
  b3: T;
}

const SHAPES: Weights<number[]> = {
  w1: [3, 3, 2, 4],
  b1: [4],
  gamma: [4],
  beta: [4],
  w2: [2, 3, 4, 3],
  w3: [15, 5],
  b3: [5],
};
const NAMES = Object.keys(SHAPES) as (keyof Weights<unknown>)[];

/** A small CNN touching most ops; a second path through z checks gradient accumulation. */
function network<T>(ops: Ops<T>, x: T, w: Weights<T>): T {
  let h = ops.conv2d(x, w.w1, { strides: [2, 2], padding: 'same' });
  h = ops.activation(ops.biasAdd(h, w.b1), 'relu');
  h = ops.maxPool(h, { poolSize: [2, 2], strides: [1, 1], padding: 'valid' });
  h = ops.batchNormTrain(h, w.gamma, w.beta, 1e-3).output;
  h = ops.pad2d(h, { top: 1, bottom: 0, left: 0, right: 1 });
  h = ops.activation(ops.conv2d(h, w.w2, { strides: [1, 1], padding: 'valid' }), 'elu');
  h = ops.avgPool(h, { poolSize: [2, 2], strides: [2, 2], padding: 'same' });
  const flat = ops.reshape(h, [ops.shapeOf(h)[0], -1]);
  const features = ops.concat([flat, ops.globalMaxPool(h)], -1);
  const z = ops.biasAdd(ops.matMul(features, w.w3), w.b3);
  return ops.add([z, ops.scale(z, 0.5, 0.1)]);
}

function tfNetwork(x: tf.Tensor, w: Weights<tf.Tensor>): tf.Tensor {
  let h: tf.Tensor = tf.conv2d(x as tf.Tensor4D, w.w1 as tf.Tensor4D, 2, 'same');
  h = tf.relu(tf.add(h, w.b1));
  h = tf.maxPool(h as tf.Tensor4D, 2, 1, 'valid');
  const m = tf.moments(h, [0, 1, 2]);
  h = tf.batchNorm(h, m.mean, m.variance, w.beta, w.gamma, 1e-3);
  h = tf.pad(h, [
    [0, 0],
    [1, 0],
    [0, 1],
    [0, 0],
  ]);
  h = tf.elu(tf.conv2d(h as tf.Tensor4D, w.w2 as tf.Tensor4D, 1, 'valid'));
  // 4×3 → 2×2 pads the width, where tf.avgPool's own gradient is wrong: use the composite oracle.
  h = tfAvgPool(h, [2, 2], [2, 2], 'same');
  const features = tf.concat([tf.reshape(h, [h.shape[0], -1]), tf.max(h, [1, 2])], -1);
  const z = tf.add(tf.matMul(features, w.w3), w.b3);
  return tf.add(z, tf.add(tf.mul(z, 0.5), 0.1));
}

function makeWeights(dtype: 'float32' | 'float64', seed: number): Weights<FloatTensor> {
  const rng = seeded(seed);
  const w = {} as Weights<FloatTensor>;
  for (const k of NAMES) w[k] = randomTensor(rng, SHAPES[k], dtype, { scale: k === 'gamma' ? 1 : 0.5 });
  return w;
}

function oneHotTargets(rows: number, classes: number, dtype: 'float32' | 'float64'): FloatTensor {
  const rng = seeded(99);
  const v = dtype === 'float64' ? new Float64Array(rows * classes) : new Float32Array(rows * classes);
  for (let r = 0; r < rows; r++) v[r * classes + rng.integer(0, classes)] = 1;
  return { shape: [rows, classes], values: v };
}

describe('tape gradients of a whole network against TF.js', () => {
  it('matches the loss and every weight gradient (softmax + categorical crossentropy from logits)', () => {
    const ops = createReferenceOps();
    const x = randomTensor(seeded(1), [4, 9, 9, 2]) as Tensor;
    const w = makeWeights('float32', 2) as unknown as Weights<Tensor>;
    const target = oneHotTargets(4, 5, 'float32') as Tensor;
    const sources = NAMES.map((k) => w[k]);
    const { value, grads } = valueAndGrads(
      () => computeLoss(ops, 'categorical_crossentropy', target, ops.activation(network(ops, x, w), 'softmax')),
      sources,
    );

    const oracle = tf.tidy(() => {
      const tw = {} as Weights<tf.Tensor>;
      for (const k of NAMES) tw[k] = toTf(w[k]);
      const f = (...vs: tf.Tensor[]) => {
        const ww = { ...tw };
        NAMES.forEach((k, i) => (ww[k] = vs[i]));
        const z = tfNetwork(toTf(x), ww);
        return tf.mean(tf.neg(tf.sum(tf.mul(toTf(target), tf.logSoftmax(z)), -1))) as tf.Scalar;
      };
      const { value: v, grads: g } = tf.valueAndGrads(f)(NAMES.map((k) => tw[k]));
      return { value: v.dataSync()[0], grads: g.map((t) => t.dataSync()) };
    });
    expect(value.shape).toEqual([]);
    expect(relErr(value.values, [oracle.value])).toBeLessThan(1e-5);
    NAMES.forEach((k, i) => {
      const g = grads[i];
      expect(g, k).not.toBeNull();
      expect(relErr((g as Tensor).values, oracle.grads[i]), k).toBeLessThan(1e-4);
    });
  });
});

describe('tape gradients in float64 against central differences', () => {
  it('every weight of the network', () => {
    const ops = createReferenceOps({ dtype: 'float64' });
    const x = randomTensor(seeded(3), [3, 9, 9, 2], 'float64');
    const w = makeWeights('float64', 4);
    const target = oneHotTargets(3, 5, 'float64');
    const loss = () =>
      computeLoss(ops, 'categorical_crossentropy', target, ops.activation(network(ops, x, w), 'softmax'));
    const sources = NAMES.map((k) => w[k]);
    const { grads } = valueAndGrads(loss, sources);
    const h = 1e-6;
    NAMES.forEach((k, i) => {
      const values = w[k].values;
      const numeric = new Float64Array(values.length);
      for (let j = 0; j < values.length; j++) {
        const saved = values[j];
        values[j] = saved + h;
        const plus = loss().values[0];
        values[j] = saved - h;
        const minus = loss().values[0];
        values[j] = saved;
        numeric[j] = (plus - minus) / (2 * h);
      }
      expect(relErr((grads[i] as FloatTensor).values, numeric), k).toBeLessThan(1e-6);
    });
  });
});

/** The reference backend with a counter on every kernel, to see what the tape actually runs. */
function countingOps(): { ops: EngineOps<FloatTensor>; calls: Map<KernelName, number> } {
  const calls = new Map<KernelName, number>();
  const run = dispatcher(REFERENCE_KERNELS);
  const kernels = {} as Record<KernelName, unknown>;
  for (const name of Object.keys(REFERENCE_KERNELS) as KernelName[]) {
    kernels[name] = (inputs: never, attrs: never) => {
      calls.set(name, (calls.get(name) ?? 0) + 1);
      return run(name, inputs, attrs);
    };
  }
  const ops = createOps({ ...referenceBackend, kernels: kernels as KernelImpls<FloatTensor> }, { rng: createRng(5) });
  return { ops, calls };
}

describe('tape bookkeeping', () => {
  it('does no work for ops off the path to the loss', () => {
    const { ops, calls } = countingOps();
    const rng = seeded(6);
    const x = randomTensor(rng, [2, 6, 6, 3]);
    const w1 = randomTensor(rng, [3, 3, 3, 4]);
    const unused = randomTensor(rng, [3, 3, 3, 2]);
    const constantFilter = randomTensor(rng, [1, 1, 3, 2]);
    const { grads } = valueAndGrads(() => {
      ops.activation(ops.conv2d(x, constantFilter, { strides: [1, 1], padding: 'same' }), 'tanh'); // no source involved
      // a source, but not in the loss
      ops.activation(ops.conv2d(x, unused, { strides: [1, 1], padding: 'same' }), 'sigmoid');
      const h = ops.activation(ops.conv2d(x, w1, { strides: [1, 1], padding: 'same' }), 'relu');
      return ops.run('Mean', [h], {})[0];
    }, [w1, unused]);
    expect(grads[0]).not.toBeNull();
    expect(grads[1]).toBeNull();
    expect(calls.get('Conv2DBackpropFilter')).toBe(1);
    // x is data: its gradient is never computed.
    expect(calls.get('Conv2DBackpropInput') ?? 0).toBe(0);
    expect(calls.get('ActivationGrad')).toBe(1);
  });

  it('accumulates gradients of a tensor used several times', () => {
    const ops = createReferenceOps({ dtype: 'float64' });
    const a: FloatTensor = { shape: [3], values: Float64Array.from([1, 2, 3]) };
    // d/da Σ (a·a + a) = 2a + 1
    const { grads } = valueAndGrads(() => ops.run('Mean', [ops.add([ops.multiply([a, a]), a])], {})[0], [a]);
    const g = Array.from((grads[0] as FloatTensor).values).map((v) => v * 3);
    [3, 5, 7].forEach((expected, i) => expect(g[i]).toBeCloseTo(expected, 12));
  });

  it('returns null gradients when the value does not depend on a source, and refuses nesting', () => {
    const ops = createReferenceOps();
    const a = randomTensor(seeded(7), [2]) as Tensor;
    const b = randomTensor(seeded(8), [2]) as Tensor;
    expect(valueAndGrads(() => ops.scale(b, 2, 0), [a]).grads).toEqual([null]);
    expect(() => valueAndGrads(() => valueAndGrads(() => ops.scale(a, 2, 0), [a]).value, [a])).toThrow(/nested/);
    // The failed call must not leave a tape behind.
    expect(valueAndGrads(() => ops.scale(a, 2, 0), [a]).grads[0]).not.toBeNull();
  });

  it('matMul on rank-3 inputs reshapes around a 2-D product, with gradients', () => {
    const ops = createReferenceOps({ dtype: 'float64' });
    const rng = seeded(9);
    const x = randomTensor(rng, [2, 3, 4], 'float64');
    const k = randomTensor(rng, [4, 5], 'float64');
    const { value, grads } = valueAndGrads(() => ops.matMul(x, k), [x, k]);
    expect(value.shape).toEqual([2, 3, 5]);
    expect(grads[0]?.shape).toEqual([2, 3, 4]);
    expect(grads[1]?.shape).toEqual([4, 5]);
  });
});

describe('dropout', () => {
  it('is inverted dropout with a seeded mask, and gradients flow through the mask', () => {
    const x = { shape: [4000], values: new Float32Array(4000).fill(1) } as Tensor;
    const a = createReferenceOps({ rng: createRng(42) }).dropout(x, 0.25);
    const b = createReferenceOps({ rng: createRng(42) }).dropout(x, 0.25);
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
    const kept = Array.from(a.values).filter((v) => v !== 0);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / 0.75)]));
    expect(kept.length / 4000).toBeGreaterThan(0.72);
    expect(kept.length / 4000).toBeLessThan(0.78);
    const ops = createReferenceOps({ rng: createRng(1) });
    expect(ops.dropout(x, 0)).toBe(x);
    const { value, grads } = valueAndGrads(() => ops.dropout(x, 0.5), [x]);
    expect(Array.from((grads[0] as Tensor).values)).toEqual(Array.from(value.values));
    expect(() => createReferenceOps().dropout(x, 0.5)).toThrow(/no random generator/);
    expect(() => ops.dropout(x, 1)).toThrow(/rate must be in \[0, 1\)/);
  });
});
