import * as tf from '@tensorflow/tfjs';
import type { CompiledModel } from '../model/executor';
import type { BenchSubject } from './subject';
import { BENCH_OPTIMIZER } from './subject';
import { initTfjsWasm } from './tfjs-wasm-node';

type LayerArgs = Record<string, unknown>;

/** The TF.js layer for one compiled Filterbank layer (same Keras parameters), for the classes the benchmark model uses. */
function tfjsLayer(className: string, p: Record<string, unknown>, inputShape: number[] | undefined): tf.layers.Layer {
  const shape = inputShape ? { inputShape } : {};
  switch (className) {
    case 'Conv2D':
      return tf.layers.conv2d({ ...shape, filters: p.filters, kernelSize: p.kernelSize, strides: p.strides, padding: p.padding, activation: p.activation, useBias: p.useBias } as LayerArgs as never);
    case 'MaxPooling2D':
      return tf.layers.maxPooling2d({ ...shape, poolSize: p.poolSize, strides: p.strides, padding: p.padding } as LayerArgs as never);
    case 'Flatten':
      return tf.layers.flatten(shape);
    case 'Dense':
      return tf.layers.dense({ ...shape, units: p.units, activation: p.activation, useBias: p.useBias } as LayerArgs as never);
    default:
      throw new Error(`the benchmark's TF.js model builder does not handle ${className} layers`);
  }
}

/** The same sequential model in TF.js layers, compiled with Adam and sparse categorical cross-entropy. */
export function tfjsModelFrom(model: CompiledModel): tf.LayersModel {
  const body = model.layers.filter((l) => l.className !== 'InputLayer');
  const seq = tf.sequential({ layers: body.map((l, i) => tfjsLayer(l.className, l.params, i === 0 ? [...model.inputShape] : undefined)) });
  seq.compile({ optimizer: tf.train.adam(BENCH_OPTIMIZER.learningRate), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return seq;
}

export type TfjsBackend = 'cpu' | 'wasm';

export async function createTfjsSubject(backend: TfjsBackend, model: CompiledModel, threads: number): Promise<BenchSubject> {
  const details: Record<string, string | number | boolean> = { tfjs: tf.version.tfjs, backend };
  if (backend === 'wasm') {
    const setup = await initTfjsWasm(threads);
    Object.assign(details, { threads: setup.threads, simd: setup.simd, multithread: setup.multithread, addedConv2dBackpropFilter: setup.addedConv2dBackpropFilter });
  } else if (!(await tf.setBackend('cpu'))) {
    throw new Error('the TF.js cpu backend did not start');
  }
  const net = tfjsModelFrom(model);
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
