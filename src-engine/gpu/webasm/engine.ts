import { createOps } from '../../autograd/engine-ops';
import { valueAndGrads } from '../../autograd/tape';
import { runForward, type CompiledModel, type WeightStore } from '../../model/executor';
import type { WeightMap } from '../../model/project-file';
import type { Batch, EngineConfig, EvaluationResult, FeatureMap, StepResult, TrainingEngine } from '../../train/engine';
import { computeLoss } from '../../train/losses';
import { sparseCategoricalAccuracy } from '../../train/metrics';
import { createOptimizerFor } from '../../train/optimizers';
import { lossTarget } from '../../train/reference-engine';
import { createRng } from '../../train/rng';
import { initialWeights } from '../../train/weights';
import { createWasmRuntime, type WasmRuntime } from '../wasm/wasm-runtime';
import { createWasmBackend } from './backend';
import type { WasmTensor } from './tensor';

export interface WasmEngineOptions {
  /** Threads for the wasm kernels (the calling thread included); default: every core. */
  threads: number;
}

/** Slots per trainable value the largest optimizer keeps (RMSprop centred with momentum: 3), plus the value. */
const PERSISTENT_COPIES = 4;
const PREDICT_BATCH = 256;

function sizeOfInput(model: CompiledModel): number {
  return model.inputShape.reduce((a, b) => a * b, 1);
}

/**
 * The webasm training engine: the same ops, tape, gradients, losses and optimizers as the reference
 * engine, on the webasm backend. Weights and optimizer slots live in the persistent region of wasm
 * memory; everything a step computes is scratch, released when the step ends, so steady-state training
 * allocates nothing.
 */
export async function createWasmEngine(config: EngineConfig, options: WasmEngineOptions): Promise<TrainingEngine> {
  const runtime: WasmRuntime = await createWasmRuntime(options.threads);
  const { arena } = runtime;
  const { model, loss } = config;
  const rng = createRng(config.seed);
  const hostWeights = initialWeights(model, rng.fork(), config.weights);
  const backend = createWasmBackend(runtime);
  const ops = createOps(backend, { rng: rng.fork() });
  const optimizer = createOptimizerFor(backend, { name: config.optimizer.name, learningRate: config.optimizer.learningRate ?? undefined });

  let floats = 0;
  for (const byName of hostWeights.values()) for (const t of byName.values()) floats += t.values.length + 16;
  arena.reservePersistent(floats * 4 * PERSISTENT_COPIES + (1 << 16));
  const weights: WeightStore<WasmTensor> = new Map();
  arena.persistently(() => {
    for (const [id, byName] of hostWeights) {
      weights.set(id, new Map([...byName].map(([name, t]) => [name, backend.fromValues(t.shape, t.values)])));
    }
  });
  const trainable = model.layers.flatMap((l) => l.weights.filter((w) => w.trainable).map((w) => weights.get(l.id)!.get(w.name)!));
  const classes = model.outputShape[model.outputShape.length - 1];
  const perSample = sizeOfInput(model);
  const input = (x: Float32Array, n: number) => backend.fromValues([n, ...model.inputShape], x.subarray(0, n * perSample));

  /** Runs `f` with every scratch allocation released afterwards. */
  const scoped = <T>(f: () => T): T => {
    const mark = arena.mark();
    try {
      return f();
    } finally {
      arena.release(mark);
    }
  };
  const target = (batch: Batch) => {
    const t = lossTarget(loss, batch.labels, batch.size, classes);
    return backend.fromValues(t.shape, t.values);
  };

  return {
    backend: 'webasm',
    async trainStep(batch: Batch): Promise<StepResult> {
      return scoped(() => {
        const x = input(batch.x, batch.size);
        const y = target(batch);
        const state: [string, string, WasmTensor][] = [];
        let output: WasmTensor | null = null;
        const { value, grads } = valueAndGrads(() => {
          output = runForward(model, ops, x, weights, { training: true, onState: (id, name, v) => state.push([id, name, v]) }).output;
          return computeLoss(ops, loss, y, output);
        }, trainable);
        // The first step creates the optimizer's slots; they must outlive the step.
        arena.persistently(() => optimizer.apply(trainable, grads));
        for (const [id, name, v] of state) backend.toValues(weights.get(id)!.get(name)!).set(backend.toValues(v));
        const probabilities = backend.toValues(output as unknown as WasmTensor);
        return {
          loss: backend.toValues(value)[0],
          correct: sparseCategoricalAccuracy(batch.labels.subarray(0, batch.size), probabilities, classes).correct,
        };
      });
    },
    async evaluateBatch(batch: Batch): Promise<EvaluationResult> {
      return scoped(() => {
        const { output } = runForward(model, ops, input(batch.x, batch.size), weights, { training: false });
        const value = computeLoss(ops, loss, target(batch), output);
        const probabilities = Float32Array.from(backend.toValues(output));
        return {
          loss: backend.toValues(value)[0],
          correct: sparseCategoricalAccuracy(batch.labels.subarray(0, batch.size), probabilities, classes).correct,
          probabilities,
        };
      });
    },
    async predict(x: Float32Array, n: number): Promise<Float32Array> {
      const out = new Float32Array(n * classes);
      for (let start = 0; start < n; start += PREDICT_BATCH) {
        const m = Math.min(PREDICT_BATCH, n - start);
        scoped(() => {
          const { output } = runForward(model, ops, input(x.subarray(start * perSample), m), weights, { training: false });
          out.set(backend.toValues(output), start * classes);
        });
      }
      return out;
    },
    async featureMaps(x: Float32Array, nodeIds: readonly string[]): Promise<Map<string, FeatureMap>> {
      return scoped(() => {
        const { captured } = runForward(model, ops, input(x, 1), weights, { training: false, capture: new Set(nodeIds) });
        return new Map([...captured].map(([id, t]) => [id, { shape: t.shape.slice(1), values: Float32Array.from(backend.toValues(t)) }]));
      });
    },
    getWeights(): WeightMap {
      return new Map(
        [...weights].map(([id, byName]) => [id, new Map([...byName].map(([name, t]) => [name, { shape: [...t.shape], values: Float32Array.from(backend.toValues(t)) }]))]),
      );
    },
    setWeights(source: WeightMap) {
      for (const [id, byName] of weights) {
        for (const [name, t] of byName) {
          const s = source.get(id)?.get(name);
          if (!s) throw new Error(`weights to load lack ${id}/${name}`);
          if (s.values.length !== t.size) throw new Error(`weight ${id}/${name} has ${s.values.length} values, expected ${t.size}`);
          backend.toValues(t).set(s.values);
        }
      }
    },
    dispose() {
      void runtime.destroy();
    },
  };
}
