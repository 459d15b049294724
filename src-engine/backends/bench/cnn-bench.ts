/**
 * Training and inference throughput on the Keras tutorial CNN (batch 32, Adam, sparse categorical
 * crossentropy; inference in batches of 256): webasm, the reference engine (the cpu backend) and TF.js.
 *
 *   npx tsx src-engine/backends/bench/cnn-bench.ts [--engines webasm-1,webasm-2,tfjs-wasm] [--rounds 3] [--seconds 3]
 *
 * Engines run in interleaved rounds so that load from other processes falls on all of them alike.
 * Reported: samples/s (wall clock, best round and median) and CPU time per sample (all threads summed;
 * for one thread the figure least disturbed by a busy machine).
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { compileModel } from '../../model/executor';
import { kerasTutorialCnn } from '../../model/templates';
import type { EngineConfig, TrainingEngine } from '../../train/engine';
import { createReferenceEngine } from '../../train/reference-engine';
import { createWasmEngine } from '../webasm/engine';

const BATCH = 32;
const INFER_BATCH = 256;

interface Runner {
  name: string;
  /** One training step on a batch of 32; null when the engine cannot train this model. */
  train: (() => Promise<void>) | null;
  trainUnsupported?: string;
  /** Inference on INFER_BATCH samples. */
  infer: () => Promise<void>;
  close(): void;
}

function data(n: number): { x: Float32Array; labels: Int32Array } {
  let s = 12345;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return {
    x: Float32Array.from({ length: n * 784 }, next),
    labels: Int32Array.from({ length: n }, () => Math.floor(next() * 10)),
  };
}

const CONFIG: EngineConfig = {
  model: compileModel(kerasTutorialCnn()),
  optimizer: { name: 'adam' },
  loss: 'sparse_categorical_crossentropy',
  seed: 1,
};

async function engineRunner(name: string, engine: TrainingEngine): Promise<Runner> {
  const train = data(BATCH);
  const infer = data(INFER_BATCH);
  return {
    name,
    train: async () => {
      await engine.trainStep(train);
    },
    infer: async () => {
      await engine.predict(infer.x, INFER_BATCH);
    },
    close: () => engine.dispose(),
  };
}

async function tfjsRunner(backend: 'wasm' | 'cpu'): Promise<Runner> {
  await tf.setBackend(backend);
  await tf.ready();
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 5, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 32, kernelSize: 5, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 64, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(), loss: 'sparseCategoricalCrossentropy' });
  const train = data(BATCH);
  const x = tf.tensor4d(train.x, [BATCH, 28, 28, 1]);
  const y = tf.tensor1d(Float32Array.from(train.labels));
  const inferX = tf.tensor4d(data(INFER_BATCH).x, [INFER_BATCH, 28, 28, 1]);
  let trainStep: Runner['train'] = async () => {
    await model.trainOnBatch(x, y);
  };
  let trainUnsupported: string | undefined;
  try {
    await trainStep();
  } catch (error) {
    trainUnsupported = error instanceof Error ? error.message : String(error);
    trainStep = null;
  }
  return {
    name: `tfjs-${backend}`,
    train: trainStep,
    trainUnsupported,
    infer: async () => {
      const out = model.predict(inferX) as tf.Tensor;
      await out.data();
      out.dispose();
    },
    close: () => model.dispose(),
  };
}

interface Tally {
  rates: number[];
  cpuPerSample: number[];
}

async function timeRound(
  fn: () => Promise<void>,
  samplesPerCall: number,
  seconds: number,
): Promise<{ rate: number; cpu: number }> {
  await fn();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let calls = 0;
  while (performance.now() - t0 < seconds * 1000) {
    await fn();
    calls++;
  }
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { rate: (calls * samplesPerCall) / wall, cpu: (cpu.user + cpu.system) / 1e6 / (calls * samplesPerCall) };
}

function summary(t: Tally | undefined): string {
  if (!t || t.rates.length === 0) return '—';
  const sorted = [...t.rates].sort((a, b) => a - b);
  const cpu = Math.min(...t.cpuPerSample) * 1e6;
  return (
    `${Math.max(...sorted).toFixed(0)} best / ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} median ` +
    `samples/s, ${cpu.toFixed(0)} µs CPU/sample`
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      engines: { type: 'string', default: 'webasm-1,webasm-2,tfjs-wasm' },
      rounds: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '3' },
    },
  });
  const runners: Runner[] = [];
  for (const name of values.engines.split(',')) {
    if (name.startsWith('webasm-'))
      runners.push(await engineRunner(name, await createWasmEngine(CONFIG, { threads: Number(name.slice(7)) })));
    else if (name === 'reference') runners.push(await engineRunner(name, createReferenceEngine(CONFIG)));
    else if (name === 'tfjs-wasm' || name === 'tfjs-cpu')
      runners.push(await tfjsRunner(name === 'tfjs-wasm' ? 'wasm' : 'cpu'));
    else throw new Error(`unknown engine ${name}; known: webasm-<threads>, reference, tfjs-wasm, tfjs-cpu`);
  }
  const seconds = Number(values.seconds);
  const train = new Map<string, Tally>();
  const infer = new Map<string, Tally>();
  const loads: number[] = [];
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const r of runners) {
      loads.push(loadavg()[0]);
      for (const [kind, fn, per, tallies] of [
        ['train', r.train, BATCH, train],
        ['infer', r.infer, INFER_BATCH, infer],
      ] as const) {
        if (!fn) continue;
        if (r.name.startsWith('tfjs')) await tf.setBackend(r.name.slice(5));
        const { rate, cpu } = await timeRound(fn, per, seconds);
        const t = tallies.get(r.name) ?? { rates: [], cpuPerSample: [] };
        t.rates.push(rate);
        t.cpuPerSample.push(cpu);
        tallies.set(r.name, t);
        console.error(`round ${round + 1} ${r.name} ${kind}: ${rate.toFixed(0)} samples/s`);
      }
    }
  }
  console.log(
    `# Keras tutorial CNN; ${availableParallelism()} cores; load average during the run ` +
      `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`,
  );
  for (const r of runners) {
    console.log(
      `${r.name.padEnd(10)} train (batch ${BATCH}): ${
        r.train ? summary(train.get(r.name)) : `cannot train: ${r.trainUnsupported}`
      }`,
    );
    console.log(`${r.name.padEnd(10)} infer (batch ${INFER_BATCH}): ${summary(infer.get(r.name))}`);
    r.close();
  }
}

await main();
