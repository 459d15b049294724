/// <reference types="@webgpu/types" />
import { runForward } from '../../model/executor';
import type { WeightMap } from '../../model/project-file';
import type { Batch, EngineConfig, EvaluationResult, FeatureMap, StepResult, TrainingEngine } from '../../train/engine';
import { computeLoss } from '../../train/losses';
import { sparseCategoricalAccuracy } from '../../train/metrics';
import { kernelEngineParts } from '../../train/kernel-engine';
import { createWebGpuBackend } from './backend';
import { elementwise, reduction } from './kernels/wgsl';
import { WebGpuRuntime, type GpuTensor } from './runtime';

const PREDICT_BATCH = 256;

export interface WebGpuEngineOptions {
  /** Fill every buffer with NaN before use (tests: an unwritten output element cannot pass on stale values). */
  poison?: boolean;
  /** Called by `dispose` after the engine's buffers are released (e.g. to destroy a device it owns). */
  onDispose?: () => void;
}

export interface WebGpuTrainingEngine extends TrainingEngine {
  readonly runtime: WebGpuRuntime;
}

/**
 * The training engine on WebGPU. Weights, optimizer slots and every activation and gradient stay in GPU
 * buffers; a training step records all its kernels into one command encoder, submits once, and reads back
 * 8 bytes (the batch loss and the number of correct predictions, reduced on the GPU). The host draws the
 * initial weights and dropout masks from the same seeded generator as the reference engine, so the same
 * seed trains the same model.
 */
export function createWebGpuEngine(config: EngineConfig, device: GPUDevice, options: WebGpuEngineOptions = {}): WebGpuTrainingEngine {
  const rt = new WebGpuRuntime(device, { poison: options.poison });
  const backend = createWebGpuBackend(rt);
  const { model, loss, ops, weights, classes, perSample, input, target, recordStep, matchWeights } = kernelEngineParts(config, backend, rt);

  /** [loss, correct]: the mean loss and how many rows' first maximum is their label, in one 2-float buffer. */
  const stats = (value: GpuTensor, output: GpuTensor, labels: GpuTensor): GpuTensor => {
    const s = rt.tensor([2]);
    const n = labels.size;
    reduction(rt, {
      key: `TrainStats|${classes}`,
      inputs: [['value', value], ['output', output], ['labels', labels]],
      outputs: [['s', s]],
      count: 1,
      length: n,
      prelude: `fn hit(r: u32) -> f32 {
  var best = 0u;
  for (var j = 1u; j < ${classes}u; j++) { if (output[r * ${classes}u + j] > output[r * ${classes}u + best]) { best = j; } }
  return select(0.0, 1.0, f32(best) == labels[r]);
}`,
      term: 'hit(r)',
      finish: 's[0] = value[0]; s[1] = total;',
    });
    return s;
  };

  const copyInto = (target: GpuTensor, source: GpuTensor) => {
    if (target.size !== source.size) throw new Error(`state update: ${source.size} values for a weight of ${target.size}`);
    elementwise(rt, { key: 'Copy', inputs: [['x', source]], outputs: [['y', target]], threads: target.size, body: 'y[i] = x[i];' });
  };

  const engine: WebGpuTrainingEngine = {
    backend: 'webgpu',
    runtime: rt,
    // The next step is recorded and submitted while the GPU still computes this one.
    stepsInFlight: 3,
    async trainStep(batch: Batch): Promise<StepResult> {
      const reading = rt.scoped(() => {
        const labels = backend.fromValues([batch.labels.length], Float32Array.from(batch.labels));
        const { value, output, state } = recordStep(batch);
        for (const [id, name, v] of state) copyInto(weights.get(id)!.get(name)!, v);
        return rt.read([stats(value, output, labels)]);
      });
      const [s] = await reading;
      return { loss: s[0], correct: Math.round(s[1]) };
    },
    async evaluateBatch(batch: Batch): Promise<EvaluationResult> {
      const reading = rt.scoped(() => {
        const { output } = runForward(model, ops, input(batch.x, batch.labels.length), weights, { training: false });
        const value = computeLoss(ops, loss, target(batch), output);
        return rt.read([value, output]);
      });
      const [value, probabilities] = await reading;
      return { loss: value[0], correct: sparseCategoricalAccuracy(batch.labels, probabilities, classes).correct, probabilities };
    },
    async predict(x: Float32Array, n: number): Promise<Float32Array> {
      const out = new Float32Array(n * classes);
      const pending: Promise<void>[] = [];
      for (let start = 0; start < n; start += PREDICT_BATCH) {
        const m = Math.min(PREDICT_BATCH, n - start);
        const reading = rt.scoped(() => rt.read([runForward(model, ops, input(x.subarray(start * perSample), m), weights, { training: false }).output]));
        pending.push(reading.then(([values]) => out.set(values, start * classes)));
      }
      await Promise.all(pending);
      return out;
    },
    async featureMaps(x: Float32Array, nodeIds: readonly string[]): Promise<Map<string, FeatureMap>> {
      const { ids, tensors, reading } = rt.scoped(() => {
        const { captured } = runForward(model, ops, input(x, 1), weights, { training: false, capture: new Set(nodeIds) });
        const ids = [...captured.keys()];
        const tensors = ids.map((id) => captured.get(id)!);
        return { ids, tensors, reading: rt.read(tensors) };
      });
      const values = await reading;
      return new Map(ids.map((id, i) => [id, { shape: tensors[i].shape.slice(1), values: values[i] }]));
    },
    async getWeights(): Promise<WeightMap> {
      const entries = [...weights].flatMap(([id, byName]) => [...byName].map(([name, t]) => ({ id, name, t })));
      const values = await rt.read(entries.map((e) => e.t));
      const out: WeightMap = new Map();
      entries.forEach((e, i) => {
        if (!out.has(e.id)) out.set(e.id, new Map());
        out.get(e.id)!.set(e.name, { shape: [...e.t.shape], values: values[i] });
      });
      return out;
    },
    setWeights(source: WeightMap) {
      for (const { t, values } of matchWeights(source, (w: GpuTensor) => w.size)) rt.write(t, Float32Array.from(values));
    },
    dispose() {
      rt.destroy();
      options.onDispose?.();
    },
  };
  return engine;
}
