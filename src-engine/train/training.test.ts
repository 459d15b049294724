import { describe, expect, it } from 'vitest';
import { createReferenceOps } from '../autograd/reference-ops';
import { valueAndGrads } from '../autograd/tape';
import { tensor, type Tensor } from '../core/tensor';
import { initialize } from '../core/initializers';
import { computeLoss } from './losses';
import { ratio, sparseCategoricalAccuracy } from './metrics';
import { createOptimizer } from './optimizers';
import { createRng } from '../core/rng';

/** Three Gaussian blobs in 2-D, separable by a small MLP. */
function blobs(n: number, seed: number): { x: Tensor; y: Tensor } {
  const rng = createRng(seed);
  const centres = [
    [-2, 0],
    [2, 0],
    [0, 2.5],
  ];
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    x[2 * i] = centres[c][0] + rng.normal(0, 0.6);
    x[2 * i + 1] = centres[c][1] + rng.normal(0, 0.6);
    y[i] = c;
  }
  return { x: tensor([n, 2], x), y: tensor([n], y) };
}

function rows(t: Tensor, indices: ArrayLike<number>): Tensor {
  const width = t.shape.length === 1 ? 1 : t.shape[1];
  const out = new Float32Array(indices.length * width);
  for (let i = 0; i < indices.length; i++)
    out.set(t.values.subarray(indices[i] * width, (indices[i] + 1) * width), i * width);
  return tensor(t.shape.length === 1 ? [indices.length] : [indices.length, width], out);
}

describe('end to end: ops + tape + Adam', () => {
  it('a two-layer net learns a separable problem', () => {
    const rng = createRng(11);
    const ops = createReferenceOps({ rng });
    const w1 = initialize('glorot_uniform', [2, 16], rng);
    const b1 = initialize('zeros', [16], rng);
    const w2 = initialize('glorot_uniform', [16, 3], rng);
    const b2 = initialize('zeros', [3], rng);
    const weights = [w1, b1, w2, b2];
    const forward = (x: Tensor, training: boolean) => {
      let h = ops.activation(ops.biasAdd(ops.matMul(x, w1), b1), 'relu');
      if (training) h = ops.dropout(h, 0.1);
      return ops.activation(ops.biasAdd(ops.matMul(h, w2), b2), 'softmax');
    };
    const { x, y } = blobs(300, 12);
    const lossOn = (xs: Tensor, ys: Tensor) =>
      computeLoss(ops, 'sparse_categorical_crossentropy', ys, forward(xs, false)).values[0];
    const before = lossOn(x, y);

    const optimizer = createOptimizer({ name: 'adam', learningRate: 0.01 });
    const order = Int32Array.from({ length: 300 }, (_, i) => i);
    for (let epoch = 0; epoch < 15; epoch++) {
      rng.shuffle(order);
      for (let start = 0; start < 300; start += 32) {
        const batch = order.subarray(start, Math.min(start + 32, 300));
        const { grads } = valueAndGrads(
          () => computeLoss(ops, 'sparse_categorical_crossentropy', rows(y, batch), forward(rows(x, batch), true)),
          weights,
        );
        optimizer.apply(weights, grads);
      }
    }
    const after = lossOn(x, y);
    const accuracy = ratio(sparseCategoricalAccuracy(y.values, forward(x, false).values, 3));
    expect(after).toBeLessThan(before * 0.25);
    expect(accuracy).toBeGreaterThan(0.95);
  });
});
