import { createReferenceOps } from '../autograd/reference-ops';
import { valueAndGrads } from '../autograd/tape';
import { tensor, type Tensor } from '../core/tensor';
import { runForward, type CompiledModel } from '../model/executor';
import type { WeightMap } from '../model/project-file';
import type { Batch, EngineConfig, EvaluationResult, FeatureMap, StepResult, TrainingEngine } from './engine';
import { computeLoss } from './losses';
import { sparseCategoricalAccuracy } from './metrics';
import { createOptimizer } from './optimizers';
import { createRng } from '../core/rng';
import type { TrainingLossName } from '../core/vocabulary';
import { assignWeights, copyWeights, initialWeights } from './weights';

/** Labels as the loss wants them: class indices for the sparse loss, one-hot rows otherwise. */
export function lossTarget(loss: TrainingLossName, labels: Int32Array, n: number, classes: number): Tensor {
  if (loss === 'sparse_categorical_crossentropy') return tensor([n], Float32Array.from(labels.subarray(0, n)));
  const oneHot = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    if (c < 0 || c >= classes) throw new Error(`label ${c} is outside the model's ${classes} output classes`);
    oneHot[i * classes + c] = 1;
  }
  return tensor([n, classes], oneHot);
}

/** The plain-TypeScript engine: the numerical oracle and the always-available fallback. Clarity over speed. */
/** `backend` names it: 'reference' when asked for as the oracle, 'cpu' when it runs as the slowest backend. */
export function createReferenceEngine(config: EngineConfig, backend: 'reference' | 'cpu' = 'reference'): TrainingEngine {
  const { model, loss } = config;
  const rng = createRng(config.seed);
  const weights = initialWeights(model, rng.fork(), config.weights);
  const ops = createReferenceOps({ rng: rng.fork() });
  const optimizer = createOptimizer({ name: config.optimizer.name, learningRate: config.optimizer.learningRate ?? undefined });
  const trainable: Tensor[] = model.layers.flatMap((l) => l.weights.filter((w) => w.trainable).map((w) => weights.get(l.id)!.get(w.name)!));
  const classes = model.outputShape[model.outputShape.length - 1];
  const input = (x: Float32Array, n: number) => tensor([n, ...model.inputShape], x.length === n * sizeOfInput(model) ? x : x.subarray(0, n * sizeOfInput(model)));

  const forward = (x: Tensor, training: boolean, onState?: (id: string, name: string, v: Tensor) => void) =>
    runForward(model, ops, x, weights, { training, onState });

  return {
    backend,
    async trainStep(batch: Batch): Promise<StepResult> {
      const x = input(batch.x, batch.labels.length);
      const target = lossTarget(loss, batch.labels, batch.labels.length, classes);
      const state: [string, string, Tensor][] = [];
      let output: Tensor | null = null;
      const { value, grads } = valueAndGrads(() => {
        output = forward(x, true, (id, name, v) => state.push([id, name, v])).output;
        return computeLoss(ops, loss, target, output);
      }, trainable);
      optimizer.apply(trainable, grads);
      for (const [id, name, v] of state) weights.get(id)!.set(name, v);
      return { loss: value.values[0], correct: sparseCategoricalAccuracy(batch.labels.subarray(0, batch.labels.length), (output as unknown as Tensor).values, classes).correct };
    },
    async evaluateBatch(batch: Batch): Promise<EvaluationResult> {
      const { output } = forward(input(batch.x, batch.labels.length), false);
      const value = computeLoss(ops, loss, lossTarget(loss, batch.labels, batch.labels.length, classes), output);
      return { loss: value.values[0], correct: sparseCategoricalAccuracy(batch.labels.subarray(0, batch.labels.length), output.values, classes).correct, probabilities: output.values };
    },
    async predict(x: Float32Array, n: number): Promise<Float32Array> {
      const out = new Float32Array(n * classes);
      const per = sizeOfInput(model);
      for (let start = 0; start < n; start += 256) {
        const m = Math.min(256, n - start);
        const { output } = forward(tensor([m, ...model.inputShape], x.subarray(start * per, (start + m) * per)), false);
        out.set(output.values, start * classes);
      }
      return out;
    },
    async featureMaps(x: Float32Array, nodeIds: readonly string[]): Promise<Map<string, FeatureMap>> {
      const { captured } = runForward(model, ops, input(x, 1), weights, { training: false, capture: new Set(nodeIds) });
      return new Map([...captured].map(([id, t]) => [id, { shape: t.shape.slice(1), values: Float32Array.from(t.values) }]));
    },
    getWeights: async (): Promise<WeightMap> => copyWeights(weights),
    setWeights(w: WeightMap) {
      assignWeights(weights, w);
    },
    dispose() {},
  };
}

function sizeOfInput(model: CompiledModel): number {
  return model.inputShape.reduce((a, b) => a * b, 1);
}
