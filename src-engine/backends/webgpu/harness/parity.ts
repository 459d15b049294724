/// <reference types="@webgpu/types" />
import { relativeError } from '../../../kernels/conformance';
import { compileModel } from '../../../model/executor';
import type { ModelGraph } from '../../../model/graph';
import type { TrainingEngine } from '../../../train/engine';
import { createReferenceEngine } from '../../../train/reference-engine';
import { createRng } from '../../../core/rng';
import type { OptimizerName, TrainingLossName } from '../../../core/vocabulary';
import { createWebGpuEngine } from '../engine';

export interface ParityRequest {
  graph: ModelGraph;
  steps: number;
  batchSize: number;
  optimizer: OptimizerName;
  learningRate: number;
  loss: TrainingLossName;
  seed: number;
}

export interface ParityResult {
  reference: { loss: number; correct: number }[];
  webgpu: { loss: number; correct: number }[];
  /** max over weights of ‖webgpu − reference‖ / ‖reference‖ after the last step. */
  weightError: number;
  /** Largest relative difference of the class probabilities predicted after training. */
  predictionError: number;
  dispatches: number;
  submits: number;
}

/**
 * Trains the same model from the same seed on the reference
 * engine and the webgpu engine, on the same synthetic batches.
 */
export async function trainingParity(device: () => Promise<GPUDevice>, request: ParityRequest): Promise<ParityResult> {
  const model = compileModel(request.graph);
  const config = {
    model,
    optimizer: { name: request.optimizer, learningRate: request.learningRate },
    loss: request.loss,
    seed: request.seed,
  };
  const reference = createReferenceEngine(config);
  const gpu = createWebGpuEngine(config, await device(), { poison: true });
  const classes = model.outputShape[model.outputShape.length - 1];
  const perSample = model.inputShape.reduce((a, b) => a * b, 1);
  const rng = createRng(request.seed + 1);
  const batches = Array.from({ length: request.steps }, () => {
    const labels = Int32Array.from({ length: request.batchSize }, () => rng.integer(0, classes));
    // Images that carry their label (a bright band whose row depends on it), so the loss really falls.
    const x = new Float32Array(request.batchSize * perSample);
    for (let i = 0; i < x.length; i++) x[i] = rng.uniform() * 0.3;
    labels.forEach((label, s) => {
      for (let j = 0; j < perSample; j++)
        if (Math.floor((j / perSample) * classes) === label) x[s * perSample + j] += 0.7;
    });
    return { x, labels };
  });
  const run = async (engine: TrainingEngine) => {
    // All steps are issued before any is awaited, as fit does with steps in flight.
    const steps = batches.map((b) => engine.trainStep(b));
    return Promise.all(steps);
  };
  const referenceSteps = await run(reference);
  const webgpuSteps = await run(gpu);
  const want = await reference.getWeights();
  let weightError = 0;
  for (const [id, byName] of await gpu.getWeights()) {
    for (const [name, t] of byName) {
      const r = want.get(id)!.get(name)!.values;
      weightError = Math.max(weightError, relativeError(t.values, r));
    }
  }
  const x = batches[0].x;
  const [p, q] = await Promise.all([reference.predict(x, request.batchSize), gpu.predict(x, request.batchSize)]);
  const predictionError = relativeError(q, p);
  const { dispatches, submits } = gpu.runtime.stats;
  reference.dispose();
  gpu.dispose();
  return { reference: referenceSteps, webgpu: webgpuSteps, weightError, predictionError, dispatches, submits };
}
