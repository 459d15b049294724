import { createOps } from '../autograd/engine-ops';
import { valueAndGrads, valueAndGradsAt } from '../autograd/tape';
import { gradCamLayer, gradCamMap, softmax, withLogitOutput, type GradCamResult } from './grad-cam';
import { tensor, type Tensor } from '../core/tensor';
import type { Backend } from '../kernels/contracts';
import { runForward, type CompiledModel, type WeightStore } from '../model/executor';
import type { WeightMap } from '../model/project-file';
import type { Batch, EngineConfig, EvaluationResult, FeatureMap, StepResult, TrainingEngine } from './engine';
import { computeLoss } from './losses';
import { argmaxRows, sparseCategoricalAccuracy } from './metrics';
import { createOptimizerFor } from './optimizers';
import { createRng } from '../core/rng';
import { initialWeights } from './weights';

/**
 * Where a backend keeps tensors. Backends with their own memory (wasm) release what a step computed
 * when it ends and keep weights and optimizer slots elsewhere; host-array backends need neither.
 */
export interface EngineMemory {
  /** Runs `f`; what it allocates (except what `persistently` made) may be reused afterwards. */
  scoped<R>(f: () => R): R;
  /** Runs `f` with its allocations kept for the engine's lifetime (weights, optimizer slots). */
  persistently<R>(f: () => R): R;
}

const HOST_MEMORY: EngineMemory = { scoped: (f) => f(), persistently: (f) => f() };
const PREDICT_BATCH = 256;

/** Labels as the loss wants them: class indices for the sparse loss, one-hot rows otherwise. */
export function lossTarget(loss: EngineConfig['loss'], labels: Int32Array, n: number, classes: number): Tensor {
  if (loss === 'sparse_categorical_crossentropy') return tensor([n], Float32Array.from(labels.subarray(0, n)));
  const oneHot = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    if (c < 0 || c >= classes) throw new Error(`label ${c} is outside the model's ${classes} output classes`);
    oneHot[i * classes + c] = 1;
  }
  return tensor([n, classes], oneHot);
}

/**
 * What every engine over the kernel contract builds the same way: the seeded initial weights on the backend,
 * the ops and optimizer, and a training step recorded on the tape (forward, loss, gradients, optimizer update).
 * The same seed draws the same initial weights and dropout masks as the reference engine.
 */
export function kernelEngineParts<T extends object>(config: EngineConfig, backend: Backend<T>, memory: EngineMemory) {
  const { model, loss } = config;
  const rng = createRng(config.seed);
  const hostWeights = initialWeights(model, rng.fork(), config.weights);
  const ops = createOps(backend, { rng: rng.fork() });
  const optimizer = createOptimizerFor(backend, {
    name: config.optimizer.name,
    learningRate: config.optimizer.learningRate ?? undefined,
  });
  const weights: WeightStore<T> = new Map();
  memory.persistently(() => {
    for (const [id, byName] of hostWeights)
      weights.set(
        id,
        new Map([...byName].map(([name, t]) => [name, backend.fromValues(t.shape, Float32Array.from(t.values))])),
      );
  });
  const trainable = model.layers.flatMap((l) =>
    l.weights.filter((w) => w.trainable).map((w) => weights.get(l.id)!.get(w.name)!),
  );
  const classes = model.outputShape[model.outputShape.length - 1];
  const perSample = model.inputShape.reduce((a, b) => a * b, 1);
  // A copy: a backend may adopt the array it is given, and the batch's array belongs to its source.
  const input = (x: Float32Array, n: number) => backend.fromValues([n, ...model.inputShape], x.slice(0, n * perSample));
  const target = (batch: Batch) => {
    const t = lossTarget(loss, batch.labels, batch.labels.length, classes);
    return backend.fromValues(t.shape, t.values);
  };
  /**
   * Records one optimizer step on the batch; returns the loss tensor, the model's output and the new moving
   * statistics (weight id, name, value) for the caller to store. Call inside `memory.scoped`.
   */
  const recordStep = (batch: Batch) => {
    const x = input(batch.x, batch.labels.length);
    const y = target(batch);
    const state: [string, string, T][] = [];
    let output: T | null = null;
    const { value, grads } = valueAndGrads(() => {
      output = runForward(model, ops, x, weights, {
        training: true,
        onState: (id, name, v) => state.push([id, name, v]),
      }).output;
      return computeLoss(ops, loss, y, output);
    }, trainable);
    // The first step creates the optimizer's slots; they must outlive the step. Updates run in place.
    memory.persistently(() => optimizer.apply(trainable, grads));
    return { value, output: output as unknown as T, state };
  };
  /** The weight to overwrite with each of `source`'s, checked (a missing or wrongly sized weight is an error). */
  const matchWeights = (source: WeightMap, sizeOf: (t: T) => number) =>
    [...weights].flatMap(([id, byName]) =>
      [...byName].map(([name, t]) => {
        const s = source.get(id)?.get(name);
        if (!s) throw new Error(`weights to load lack ${id}/${name}`);
        if (s.values.length !== sizeOf(t))
          throw new Error(`weight ${id}/${name} has ${s.values.length} values, expected ${sizeOf(t)}`);
        return { t, values: s.values };
      }),
    );
  return { model, loss, ops, optimizer, weights, classes, perSample, input, target, recordStep, matchWeights };
}

/**
 * How an engine moves values between the host and where `backend` keeps tensors: what differs between a
 * host-memory backend (reference, webasm, headlessgl) and a device that reads back asynchronously (webgpu).
 */
export interface EngineDevice<T> extends EngineMemory {
  /**
   * Runs `f` in a scope and resolves to host copies of the tensors
   * it returns (a device may read them after the scope ends).
   */
  readScoped(f: () => readonly T[]): Promise<Float32Array[]>;
  /** Overwrites a tensor's values (loading weights). */
  write(t: T, values: ArrayLike<number>): void;
}

/** A device for backends whose tensors are host arrays (`toValues` is the tensor's own storage). */
export function hostDevice<T>(backend: Backend<T>, memory: EngineMemory = HOST_MEMORY): EngineDevice<T> {
  return {
    scoped: (f) => memory.scoped(f),
    persistently: (f) => memory.persistently(f),
    readScoped: async (f) => memory.scoped(() => f().map((t) => Float32Array.from(backend.toValues(t)))),
    write: (t, values) => (backend.toValues(t) as Float32Array).set(values),
  };
}

/**
 * The one training engine over the kernel contract: ops, tape, gradients, losses and optimizers run on
 * `backend`'s kernels. The reference engine is this over the plain-TypeScript kernels; webasm and headlessgl
 * supply their backend and memory; webgpu supplies its device and its own `trainStep` (statistics reduced on the GPU).
 */
export function createKernelEngine<T extends object>(
  config: EngineConfig,
  backend: Backend<T>,
  memory: EngineMemory = HOST_MEMORY,
  dispose: () => void = () => undefined,
): TrainingEngine {
  const device = hostDevice(backend, memory);
  return engineFromParts(kernelEngineParts(config, backend, device), backend, device, dispose);
}

/**
 * The engine around `kernelEngineParts`: evaluation, prediction in batches, feature maps and weights in and out, the
 * same for every backend.
 */
export function engineFromParts<T extends object>(
  parts: ReturnType<typeof kernelEngineParts<T>>,
  backend: Backend<T>,
  device: EngineDevice<T>,
  dispose: () => void,
): TrainingEngine {
  const { model, loss, ops, optimizer, weights, classes, perSample, input, target, recordStep, matchWeights } = parts;
  const forward = (x: T, capture?: Set<string>) => runForward(model, ops, x, weights, { training: false, capture });
  const sizeOf = (t: T) => backend.shapeOf(t).reduce((a, b) => a * b, 1);

  return {
    backend: backend.name,
    async trainStep(batch: Batch): Promise<StepResult> {
      const [value, output] = await device.readScoped(() => {
        const { value, output, state } = recordStep(batch);
        for (const [id, name, v] of state) device.write(weights.get(id)!.get(name)!, backend.toValues(v));
        return [value, output];
      });
      return { loss: value[0], correct: sparseCategoricalAccuracy(batch.labels, output, classes).correct };
    },
    async evaluateBatch(batch: Batch): Promise<EvaluationResult> {
      const [value, probabilities] = await device.readScoped(() => {
        const { output } = forward(input(batch.x, batch.labels.length));
        return [computeLoss(ops, loss, target(batch), output), output];
      });
      return {
        loss: value[0],
        correct: sparseCategoricalAccuracy(batch.labels, probabilities, classes).correct,
        probabilities,
      };
    },
    async predict(x: Float32Array, n: number): Promise<Float32Array> {
      const out = new Float32Array(n * classes);
      const pending: Promise<void>[] = [];
      for (let start = 0; start < n; start += PREDICT_BATCH) {
        const m = Math.min(PREDICT_BATCH, n - start);
        // A device records the next batch while it computes this one.
        const reading = device.readScoped(() => [forward(input(x.subarray(start * perSample), m)).output]);
        pending.push(reading.then(([values]) => out.set(values, start * classes)));
      }
      await Promise.all(pending);
      return out;
    },
    async featureMaps(x: Float32Array, nodeIds: readonly string[]): Promise<Map<string, FeatureMap>> {
      let entries: [string, T][] = [];
      const values = await device.readScoped(() => {
        entries = [...forward(input(x, 1), new Set(nodeIds)).captured];
        return entries.map(([, t]) => t);
      });
      return new Map(entries.map(([id, t], i) => [id, { shape: backend.shapeOf(t).slice(1), values: values[i] }]));
    },
    async gradCam(x, options): Promise<GradCamResult> {
      const layer = gradCamLayer(model, options.layerId);
      const logitModel = withLogitOutput(model);
      const [logits] = await device.readScoped(() => [
        runForward(logitModel, ops, input(x, 1), weights, { training: false }).output,
      ]);
      const classIndex = options.classIndex ?? argmaxRows(logits, classes)[0];
      if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= classes)
        throw new Error(`Grad-CAM: class ${classIndex} is outside the model's ${classes} classes`);
      const mask = new Float32Array(classes);
      mask[classIndex] = 1;
      const [activation, gradient] = await device.readScoped(() => {
        const xt = input(x, 1);
        let a: T | null = null;
        const { grads } = valueAndGradsAt(() => {
          const { output, captured } = runForward(logitModel, ops, xt, weights, {
            training: false,
            capture: new Set([layer.id]),
          });
          a = captured.get(layer.id)!;
          return { value: ops.multiply([output, backend.fromValues([1, classes], mask)]), at: [a] };
        }, [xt]);
        const zero = () => ops.scale(a!, 0, 0);
        return [a!, grads[0] ?? zero()];
      });
      const shape = layer.outputShape;
      const { heatmap, maximum } = gradCamMap(activation, gradient, shape);
      return {
        layer: layer.id,
        layerName: layer.name,
        classIndex,
        probabilities: softmax(logits),
        height: shape[0],
        width: shape[1],
        heatmap,
        maximum,
      };
    },
    async getWeights(): Promise<WeightMap> {
      const entries = [...weights].flatMap(([id, byName]) => [...byName].map(([name, t]) => ({ id, name, t })));
      const values = await device.readScoped(() => entries.map((e) => e.t));
      const out: WeightMap = new Map();
      entries.forEach((e, i) => {
        if (!out.has(e.id)) out.set(e.id, new Map());
        out.get(e.id)!.set(e.name, { shape: [...backend.shapeOf(e.t)], values: values[i] });
      });
      return out;
    },
    setWeights(source: WeightMap) {
      for (const { t, values } of matchWeights(source, sizeOf)) device.write(t, values);
    },
    setLearningRate(value: number) {
      // Every backend's update kernels take the rate as an attribute per step, so the next step uses it.
      optimizer.learningRate = value;
    },
    dispose,
  };
}

export function sizeOfWeights(model: CompiledModel): number {
  return model.layers.reduce(
    (sum, l) => sum + l.weights.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0),
    0,
  );
}
