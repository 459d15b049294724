import * as tf from '@tensorflow/tfjs';
import { kerasTopology } from '../export/tfjs-export';
import type { CompiledModel } from '../model/executor';
import type { BenchSubject } from './subject';
import { BENCH_OPTIMIZER } from './subject';
import { initTfjsWasm } from './tfjs-wasm-node';

/**
 * The same model in TF.js layers, built from the Keras topology the TF.js export writes (so every layer type
 * Filterbank exports, with the same Keras parameters), compiled with Adam and sparse categorical cross-entropy.
 */
export async function tfjsModelFrom(model: CompiledModel): Promise<tf.LayersModel> {
  const modelTopology = kerasTopology(model.graph.name, model.layers, model.outputId);
  const net = await tf.models.modelFromJSON({ modelTopology } as Parameters<typeof tf.models.modelFromJSON>[0]);
  net.compile({
    optimizer: tf.train.adam(BENCH_OPTIMIZER.learningRate),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return net;
}

export type TfjsBackend = 'cpu' | 'wasm';

export async function createTfjsSubject(
  backend: TfjsBackend,
  model: CompiledModel,
  threads: number,
): Promise<BenchSubject> {
  const details: Record<string, string | number | boolean> = { tfjs: tf.version.tfjs, backend };
  if (backend === 'wasm') {
    const setup = await initTfjsWasm(threads);
    Object.assign(details, {
      threads: setup.threads,
      simd: setup.simd,
      multithread: setup.multithread,
      addedConv2dBackpropFilter: setup.addedConv2dBackpropFilter,
    });
  } else if (!(await tf.setBackend('cpu'))) {
    throw new Error('the TF.js cpu backend did not start');
  }
  const net = await tfjsModelFrom(model);
  const inputShape = model.inputShape;
  return {
    parameters: net.countParams(),
    details,
    async trainStep(batch) {
      const n = batch.labels.length;
      const x = tf.tensor(batch.x.subarray(0, n * sizeOf(inputShape)), [n, ...inputShape]);
      const y = tf.tensor1d(Float32Array.from(batch.labels));
      try {
        await net.trainOnBatch(x, y);
      } finally {
        x.dispose();
        y.dispose();
      }
    },
    async predict(xs, n) {
      const x = tf.tensor(xs.subarray(0, n * sizeOf(inputShape)), [n, ...inputShape]);
      const y = net.predict(x) as tf.Tensor;
      try {
        await y.data();
      } finally {
        x.dispose();
        y.dispose();
      }
    },
    dispose() {
      net.dispose();
    },
  };
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
