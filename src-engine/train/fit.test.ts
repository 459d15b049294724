import { describe, expect, it } from 'vitest';
import { compileModel } from '../model/executor';
import { sequential } from '../model/graph';
import { loadMnistDigits } from '../node/mnist';
import { arrayBatchSource, subsetSource } from './array-source';
import type { TrainingEngine } from './engine';
import { evaluateSource, fit } from './fit';
import { createReferenceEngine } from './reference-engine';

const smallCnn = () =>
  compileModel(
    sequential('mnist_small', [
      { className: 'InputLayer', params: { shape: [28, 28, 1] } },
      { className: 'Conv2D', params: { filters: 8, kernelSize: 3, strides: 2, activation: 'relu' } },
      { className: 'MaxPooling2D', params: { poolSize: 2 } },
      { className: 'Flatten' },
      { className: 'Dense', params: { units: 10, activation: 'softmax' } },
    ]),
  );

describe('training on real MNIST digits', () => {
  it('reaches held-out accuracy far above chance (10 %)', async () => {
    const digits = loadMnistDigits();
    const train = subsetSource(
      digits.images,
      digits.labels,
      784,
      Int32Array.from({ length: 3000 }, (_, i) => i),
    );
    const heldOut = subsetSource(
      digits.images,
      digits.labels,
      784,
      Int32Array.from({ length: 1000 }, (_, i) => 9000 + i),
    );
    const engine = createReferenceEngine({
      model: smallCnn(),
      optimizer: { name: 'adam', learningRate: 0.005 },
      loss: 'sparse_categorical_crossentropy',
      seed: 1,
    });
    const result = await fit(engine, train, { epochs: 2, batchSize: 32, seed: 1 });
    expect(result.stopReason).toBe('completed');
    expect(result.history).toHaveLength(2);
    expect(result.history[1].loss!).toBeLessThan(result.history[0].loss!);
    const { accuracy } = await evaluateSource(engine, heldOut, 100);
    expect(accuracy).toBeGreaterThan(0.8);
  });
});

describe('fit loop', () => {
  const digits = loadMnistDigits();
  const source = (from: number, n: number) =>
    subsetSource(
      digits.images,
      digits.labels,
      784,
      Int32Array.from({ length: n }, (_, i) => from + i),
    );
  const engineFor = (seed: number, learningRate = 0.005, graph = smallCnn()) =>
    createReferenceEngine({
      model: graph,
      optimizer: { name: 'adam', learningRate },
      loss: 'sparse_categorical_crossentropy',
      seed,
    });

  it('is bit-reproducible with the same seed', async () => {
    const run = async () =>
      (await fit(engineFor(7), source(0, 256), { epochs: 2, batchSize: 32, seed: 7 })).history.map((h) => [
        h.loss,
        h.accuracy,
      ]);
    expect(await run()).toEqual(await run());
  });

  it('gives the event loop a turn while training, so a timer (or a Ctrl-C handler) can stop it', async () => {
    const controller = new AbortController();
    let batches = 0;
    const timer = setTimeout(() => controller.abort(), 50);
    // Without a turn of the event loop the timer would only fire after all 200 epochs.
    const result = await fit(engineFor(1), source(0, 64), {
      epochs: 200,
      batchSize: 32,
      seed: 1,
      signal: controller.signal,
      onBatchEnd: () => void batches++,
    });
    clearTimeout(timer);
    expect(result.stopReason).toBe('cancelled');
    expect(batches).toBeLessThan(400);
  });

  it('stops when cancelled, between batches', async () => {
    const controller = new AbortController();
    let batches = 0;
    const result = await fit(engineFor(1), source(0, 640), {
      epochs: 3,
      batchSize: 32,
      seed: 1,
      signal: controller.signal,
      onBatchEnd: () => {
        if (++batches === 5) controller.abort();
      },
    });
    expect(result.stopReason).toBe('cancelled');
    expect(batches).toBe(5);
  });

  it('stops safely with the likely cause when the loss diverges', async () => {
    const result = await fit(engineFor(1, 1e6), source(0, 640), { epochs: 3, batchSize: 32, seed: 1 });
    expect(result.stopReason).toBe('diverged');
    expect(result.message).toMatch(/learning rate is most likely too high/);
  });

  it('stops early and restores the best weights', async () => {
    // A validation set of one class, which a model trained on other classes keeps getting worse at.
    const zeros = Int32Array.from({ length: 64 }, (_, i) => i * 10);
    const validation = subsetSource(digits.images, digits.labels, 784, zeros);
    const notZeros = Int32Array.from({ length: 320 }, (_, i) => i + 1 + Math.floor(i / 9)).filter((i) => i % 10 !== 0);
    const engine = engineFor(3, 0.01);
    const result = await fit(engine, subsetSource(digits.images, digits.labels, 784, notZeros), {
      epochs: 12,
      batchSize: 32,
      seed: 3,
      validation,
      earlyStoppingPatience: 2,
    });
    expect(result.stopReason).toBe('early-stopping');
    const best = Math.min(...result.history.map((h) => h.valLoss!));
    expect(result.history[result.bestEpoch!].valLoss).toBe(best);
    const { loss } = await evaluateSource(engine, validation, 64);
    expect(loss).toBeCloseTo(best, 4);
  });

  it('updates BatchNormalization moving statistics while training', async () => {
    const graph = compileModel(
      sequential('bn', [
        { className: 'InputLayer', params: { shape: [28, 28, 1] } },
        { className: 'Conv2D', params: { filters: 4, kernelSize: 3, strides: 2 } },
        { className: 'BatchNormalization' },
        { className: 'Activation', params: { activation: 'relu' } },
        { className: 'GlobalAveragePooling2D' },
        { className: 'Dense', params: { units: 10, activation: 'softmax' } },
      ]),
    );
    const engine = engineFor(5, 0.01, graph);
    await fit(engine, source(0, 128), { epochs: 1, batchSize: 32, seed: 5 });
    const bn = (await engine.getWeights()).get('n2')!;
    expect(Array.from(bn.get('moving_mean')!.values).some((v) => v !== 0)).toBe(true);
    expect(Array.from(bn.get('moving_variance')!.values).some((v) => v !== 1)).toBe(true);
  });
});

describe('fit with steps in flight', () => {
  /** An engine whose steps resolve only when released, recording how many were outstanding at most. */
  function queuedEngine(depth: number, losses: number[]) {
    let issued = 0;
    let settled = 0;
    let maxOutstanding = 0;
    const engine: TrainingEngine = {
      backend: 'queued',
      stepsInFlight: depth,
      trainStep: (batch) => {
        const i = issued++;
        maxOutstanding = Math.max(maxOutstanding, issued - settled);
        return new Promise((resolve) =>
          setTimeout(() => {
            settled++;
            resolve({ loss: losses[i], correct: batch.labels.length });
          }, 1),
        );
      },
      evaluateBatch: async (b) => ({ loss: 0, correct: 0, probabilities: new Float32Array(b.labels.length) }),
      predict: async () => new Float32Array(0),
      featureMaps: async () => new Map(),
      getWeights: async () => new Map(),
      setWeights: () => undefined,
      dispose: () => undefined,
    };
    return { engine, issued: () => issued, settled: () => settled, maxOutstanding: () => maxOutstanding };
  }
  const labels = Int32Array.from({ length: 40 }, (_, i) => i % 10);
  const data = arrayBatchSource(new Float32Array(40 * 4), labels, 4);

  it('keeps up to stepsInFlight steps outstanding and consumes their results in order', async () => {
    const q = queuedEngine(3, [4, 3, 2, 1, 0.5]);
    const seen: number[] = [];
    const result = await fit(q.engine, data, {
      epochs: 1,
      batchSize: 8,
      seed: 1,
      shuffle: false,
      onBatchEnd: (info) => void seen.push(info.loss),
    });
    expect(result.stopReason).toBe('completed');
    expect(q.maxOutstanding()).toBe(3);
    // Running means of 4, 3, 2, 1, 0.5 in issue order.
    expect(seen).toEqual([4, 3.5, 3, 2.5, 2.1]);
    expect(result.history[0].loss).toBeCloseTo(2.1, 10);
  });

  it('stops on divergence with later steps still in flight, and leaves none unsettled', async () => {
    const q = queuedEngine(3, [1, Number.NaN, 1, 1, 1]);
    const result = await fit(q.engine, data, { epochs: 1, batchSize: 8, seed: 1, shuffle: false });
    expect(result.stopReason).toBe('diverged');
    expect(result.message).toMatch(/^The loss became NaN at epoch 1, batch 2/);
    expect(q.settled()).toBe(q.issued());
  });
});
