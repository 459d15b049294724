// Grad-CAM against an independent TF.js computation of the same quantity (Keras' example, in TF.js): the tutorial
// CNN trained a little on real digits, exported as a TF.js model, and the gradient of the class logit with respect
// to the last Conv2D's output taken by tf.grad. Checked on the reference engine and on webasm (the CPU engine auto
// picks here), for the predicted class and for another one.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../backends/create-engine';
import { mnistDigits } from '../data/testing/fixtures';
import { exportTfjs } from '../export/tfjs-export';
import { loadLayersModelFromFiles } from '../export/tfjs-loader.test-support';
import { projectWithWeights } from '../export/export-fixtures.test-support';
import { compileModel } from '../model/executor';
import { decodeWeights } from '../model/project-file';
import { kerasTutorialCnn } from '../model/templates';
import { arrayBatchSource } from './array-source';
import type { TrainingEngine } from './engine';
import { fit } from './fit';
import { gradCamLayer, gradCamMap, withLogitOutput } from './grad-cam';
import { createReferenceEngine } from './reference-engine';

const graph = kerasTutorialCnn();
const model = compileModel(graph);
let project: ReturnType<typeof projectWithWeights>;
let images: Float32Array;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const digits = mnistDigits(6);
  const n = 60;
  images = new Float32Array(n * 784);
  const labels = new Int32Array(n);
  digits.flat().forEach((img, i) => {
    images.set(
      Array.from(img.data, (v) => v / 255),
      i * 784,
    );
    labels[i] = Math.floor(i / 6);
  });
  const engine = createReferenceEngine({
    model,
    optimizer: { name: 'adam', learningRate: 0.003 },
    loss: 'sparse_categorical_crossentropy',
    seed: 3,
  });
  await fit(engine, arrayBatchSource(images, labels, 784), { epochs: 2, batchSize: 12, seed: 3 });
  project = projectWithWeights(graph, 3, await engine.getWeights());
}, 120_000);

/** Keras' Grad-CAM in TF.js: tf.grad of the logit through the layers after the conv layer, applied eagerly. */
async function tfjsGradCam(x: Float32Array, layerName: string, classIndex: number): Promise<Float32Array> {
  const m = await loadLayersModelFromFiles(exportTfjs(project).files);
  const index = m.layers.findIndex((l) => l.name === layerName);
  const toConv = tf.model({ inputs: m.inputs, outputs: m.layers[index].output as tf.SymbolicTensor });
  const a = toConv.predict(tf.tensor(x, [1, 28, 28, 1])) as tf.Tensor4D;
  const rest = m.layers.slice(index + 1);
  const last = rest.at(-1)! as tf.layers.Layer & { getWeights(): tf.Tensor[] };
  const logit = (activation: tf.Tensor) => {
    let h = activation;
    for (const layer of rest.slice(0, -1)) h = layer.apply(h) as tf.Tensor;
    const [kernel, bias] = last.getWeights();
    return tf
      .add(tf.matMul(h as tf.Tensor2D, kernel as tf.Tensor2D), bias)
      .gather([classIndex], 1)
      .sum();
  };
  const grads = tf.grad(logit)(a);
  const alpha = tf.mean(grads, [0, 1, 2]);
  const cam = tf.relu(tf.sum(tf.mul(a, alpha), -1)).squeeze();
  const max = cam.max();
  return (await tf.div(cam, max).data()) as Float32Array;
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe('Grad-CAM', () => {
  it('reads the last Conv2D and differentiates the logit, not the softmax output', () => {
    expect(gradCamLayer(model).name).toBe('conv2d_1');
    const output = withLogitOutput(model).layers.find((l) => l.id === model.outputId)!;
    expect(output.params.activation).toBe('linear');
    expect(model.layers.find((l) => l.id === model.outputId)!.params.activation).toBe('softmax');
  });

  it('refuses a layer without a spatial output, naming it', () => {
    const dense = model.layers.find((l) => l.className === 'Dense')!;
    expect(() => gradCamLayer(model, dense.id)).toThrow(/dense outputs \(None, 64\)/);
  });

  it('computes ReLU(Σ α_k A_k) scaled to a maximum of 1', () => {
    // Two channels on a 1×2 grid: α = (mean of grads) = (1, -1) → [2 - 0, 0 - 3] → ReLU → [2, 0] → [1, 0].
    const { heatmap, maximum } = gradCamMap(Float32Array.of(2, 0, 0, 3), Float32Array.of(1, -1, 1, -1), [1, 2, 2]);
    expect(Array.from(heatmap)).toEqual([1, 0]);
    expect(maximum).toBe(2);
  });

  const engines: [string, () => Promise<TrainingEngine>][] = [
    [
      'reference',
      async () =>
        createReferenceEngine({
          model,
          optimizer: { name: 'adam' },
          loss: 'sparse_categorical_crossentropy',
          seed: 0,
          weights: decodeWeights(project.weights!),
        }),
    ],
    [
      'webasm',
      async () =>
        (
          await createEngine(
            {
              model,
              optimizer: { name: 'adam' },
              loss: 'sparse_categorical_crossentropy',
              seed: 0,
              weights: decodeWeights(project.weights!),
            },
            { backend: 'webasm' },
          )
        ).engine,
    ],
  ];
  it.each(engines)('agrees with TF.js on the %s engine (max |Δ| < 1e-4)', async (_name, make) => {
    const engine = await make();
    try {
      for (const sample of [7, 31]) {
        const x = images.subarray(sample * 784, (sample + 1) * 784);
        const predicted = await engine.gradCam!(x, {});
        const probabilities = await engine.predict(x, 1);
        expect(maxAbsDiff(predicted.probabilities, probabilities)).toBeLessThan(1e-5);
        expect(predicted.classIndex).toBe(probabilities.indexOf(Math.max(...probabilities)));
        expect([predicted.height, predicted.width]).toEqual([14, 14]);
        expect(predicted.maximum).toBeGreaterThan(0);
        const other = (predicted.classIndex + 3) % 10;
        const forOther = await engine.gradCam!(x, { classIndex: other });
        for (const r of [predicted, forOther]) {
          const expected = await tfjsGradCam(x, 'conv2d_1', r.classIndex);
          expect(maxAbsDiff(r.heatmap, expected)).toBeLessThan(1e-4);
        }
      }
    } finally {
      engine.dispose();
    }
  });
});
