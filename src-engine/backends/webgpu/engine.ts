/// <reference types="@webgpu/types" />
import type { Batch, EngineConfig, StepResult, TrainingEngine } from '../../train/engine';
import { engineFromParts, kernelEngineParts, type EngineDevice } from '../../train/kernel-engine';
import { createWebGpuBackend } from './backend';
import { elementwise, reduction } from './kernels/wgsl';
import { WebGpuRuntime, type GpuTensor } from './runtime';

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
export function createWebGpuEngine(
  config: EngineConfig,
  device: GPUDevice,
  options: WebGpuEngineOptions = {},
): WebGpuTrainingEngine {
  const rt = new WebGpuRuntime(device, { poison: options.poison });
  const backend = createWebGpuBackend(rt);
  const io: EngineDevice<GpuTensor> = {
    scoped: (f) => rt.scoped(f),
    persistently: (f) => rt.persistently(f),
    readScoped: (f) => rt.scoped(() => rt.read(f())),
    write: (t, values) => rt.write(t, Float32Array.from(values)),
  };
  const parts = kernelEngineParts(config, backend, io);
  const { weights, classes, recordStep } = parts;

  /** [loss, correct]: the mean loss and how many rows' first maximum is their label, in one 2-float buffer. */
  const stats = (value: GpuTensor, output: GpuTensor, labels: GpuTensor): GpuTensor => {
    const s = rt.tensor([2]);
    const n = labels.size;
    reduction(rt, {
      key: `TrainStats|${classes}`,
      inputs: [
        ['value', value],
        ['output', output],
        ['labels', labels],
      ],
      outputs: [['s', s]],
      count: 1,
      length: n,
      prelude: `fn hit(r: u32) -> f32 {
  var best = 0u;
  for (var j = 1u; j < ${classes}u; j++) {
    if (output[r * ${classes}u + j] > output[r * ${classes}u + best]) { best = j; }
  }
  return select(0.0, 1.0, f32(best) == labels[r]);
}`,
      term: 'hit(r)',
      finish: 's[0] = value[0]; s[1] = total;',
    });
    return s;
  };

  const copyInto = (target: GpuTensor, source: GpuTensor) => {
    if (target.size !== source.size)
      throw new Error(`state update: ${source.size} values for a weight of ${target.size}`);
    elementwise(rt, {
      key: 'Copy',
      inputs: [['x', source]],
      outputs: [['y', target]],
      threads: target.size,
      body: 'y[i] = x[i];',
    });
  };

  const dispose = () => {
    rt.destroy();
    options.onDispose?.();
  };

  const engine: WebGpuTrainingEngine = {
    ...engineFromParts(parts, backend, io, dispose),
    backend: 'webgpu',
    runtime: rt,
    // The next step is recorded and submitted while the GPU still computes this one.
    stepsInFlight: 3,
    // Only the step differs: moving statistics are copied and the
    // loss and accuracy reduced on the GPU, so it reads back 8 bytes.
    async trainStep(batch: Batch): Promise<StepResult> {
      const [s] = await io.readScoped(() => {
        const labels = backend.fromValues([batch.labels.length], Float32Array.from(batch.labels));
        const { value, output, state } = recordStep(batch);
        for (const [id, name, v] of state) copyInto(weights.get(id)!.get(name)!, v);
        return [stats(value, output, labels)];
      });
      return { loss: s[0], correct: Math.round(s[1]) };
    },
  };
  return engine;
}
