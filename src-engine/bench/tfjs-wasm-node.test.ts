import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initTfjsWasm } from './tfjs-wasm-node';

type Case = {
  x: [number, number, number, number];
  kernel: [number, number];
  cout: number;
  strides: [number, number];
  pad: 'same' | 'valid';
};

const CASES: Case[] = [
  { x: [2, 7, 7, 3], kernel: [3, 3], cout: 4, strides: [1, 1], pad: 'same' },
  { x: [3, 28, 28, 1], kernel: [5, 5], cout: 8, strides: [1, 1], pad: 'same' },
  { x: [2, 8, 8, 2], kernel: [3, 3], cout: 3, strides: [2, 2], pad: 'valid' },
  { x: [2, 9, 6, 2], kernel: [5, 2], cout: 3, strides: [2, 1], pad: 'same' },
  { x: [1, 6, 7, 1], kernel: [3, 2], cout: 2, strides: [1, 3], pad: 'valid' },
];

function seeded(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
}

/** Runs the Conv2DBackpropFilter kernel on the current backend. */
function backpropFilter(c: Case, x: Float32Array, dy: Float32Array, dyShape: number[]): Float32Array {
  return tf.tidy(() => {
    const out = tf.engine().runKernel(
      'Conv2DBackpropFilter',
      { x: tf.tensor4d(x, c.x), dy: tf.tensor(dy, dyShape) },
      {
        strides: c.strides,
        pad: c.pad,
        dataFormat: 'NHWC',
        filterShape: [c.kernel[0], c.kernel[1], c.x[3], c.cout],
      },
    ) as tf.Tensor;
    expect(out.shape).toEqual([c.kernel[0], c.kernel[1], c.x[3], c.cout]);
    return out.dataSync() as Float32Array;
  });
}

describe('TF.js wasm in Node with threads, and its added Conv2DBackpropFilter', () => {
  it('starts the threaded SIMD build with the requested XNNPACK threads', async () => {
    const setup = await initTfjsWasm(2);
    expect(setup).toMatchObject({ threads: 2, simd: true, multithread: true });
    expect(tf.getBackend()).toBe('wasm');
    // A product big enough for XNNPACK to split across its threads, checked against the cpu backend.
    const a = seeded(96 * 80, 1);
    const b = seeded(80 * 64, 2);
    const onWasm = tf.tidy(() => tf.matMul(tf.tensor2d(a, [96, 80]), tf.tensor2d(b, [80, 64])).dataSync());
    await tf.setBackend('cpu');
    const onCpu = tf.tidy(() => tf.matMul(tf.tensor2d(a, [96, 80]), tf.tensor2d(b, [80, 64])).dataSync());
    for (let i = 0; i < onCpu.length; i++) expect(onWasm[i]).toBeCloseTo(onCpu[i], 4);
  });

  it('matches the cpu backend kernel for same/valid padding, strides and non-square filters', async () => {
    for (const [k, c] of CASES.entries()) {
      const info = tf.backend_util.computeConv2DInfo(
        c.x,
        [c.kernel[0], c.kernel[1], c.x[3], c.cout],
        c.strides,
        1,
        c.pad,
      );
      const dyShape = [c.x[0], info.outHeight, info.outWidth, c.cout];
      const x = seeded(
        c.x.reduce((p, q) => p * q, 1),
        10 + k,
      );
      const dy = seeded(
        dyShape.reduce((p, q) => p * q, 1),
        20 + k,
      );
      await tf.setBackend('cpu');
      const expected = backpropFilter(c, x, dy, dyShape);
      await initTfjsWasm(2);
      const actual = backpropFilter(c, x, dy, dyShape);
      const scale = Math.max(...expected.map(Math.abs));
      for (let i = 0; i < expected.length; i++)
        expect(Math.abs(actual[i] - expected[i])).toBeLessThan(1e-5 * scale + 1e-6);
    }
  });

  it('trains a small convolutional model on wasm without leaking tensors', async () => {
    await initTfjsWasm(2);
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3, padding: 'same', activation: 'relu' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'sparseCategoricalCrossentropy' });
    const x = tf.tensor4d(seeded(16 * 64, 3), [16, 8, 8, 1]);
    const y = tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 2));
    const first = (await model.trainOnBatch(x, y)) as number;
    const afterFirst = tf.memory().numTensors; // the first step creates Adam's slots
    let last = first;
    for (let i = 0; i < 30; i++) last = (await model.trainOnBatch(x, y)) as number;
    expect(tf.memory().numTensors).toBe(afterFirst);
    expect(last).toBeLessThan(first);
    model.dispose();
  });
});
