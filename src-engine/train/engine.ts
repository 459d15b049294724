import type { WeightMap } from '../model/project-file';
import type { CompiledModel } from '../model/executor';
import type { OptimizerName, TrainingLossName } from '../core/vocabulary';
import type { GradCamResult } from './grad-cam';

/**
 * One batch of samples: images NHWC float32 and integer class
 * labels (one per sample, so labels.length is the batch size).
 */
export interface Batch {
  x: Float32Array;
  labels: Int32Array;
}

/** Where samples come from: an in-memory array, or an image folder decoded on the fly. */
export interface BatchSource {
  readonly size: number;
  /** Yields batches of the samples at `order` (indices into this source), in that order. */
  batches(order: ArrayLike<number>, batchSize: number): AsyncIterable<Batch>;
}

export interface StepResult {
  /** Mean loss over the batch. */
  loss: number;
  /** How many samples the model classified correctly. */
  correct: number;
}

export interface EvaluationResult extends StepResult {
  /** Class probabilities, [size, classes] row-major. */
  probabilities: Float32Array;
}

export interface OptimizerConfig {
  name: OptimizerName;
  learningRate?: number | null;
}

export interface EngineConfig {
  model: CompiledModel;
  optimizer: OptimizerConfig;
  loss: TrainingLossName;
  seed: number;
  /** Initial weights; missing ones are initialised from the layer's initialiser with the seed. */
  weights?: WeightMap | null;
}

/** A feature map: one layer's output for one sample, [height, width, channels] (or [units]). */
export interface FeatureMap {
  shape: number[];
  values: Float32Array;
}

/**
 * A backend's training engine. Every backend's step is the one in kernel-engine.ts (forward, loss, tape,
 * optimizer update over the backend's kernels); backends differ in where tensors live. `fit` drives any of them.
 */
export interface TrainingEngine {
  readonly backend: string;
  /**
   * How many `trainStep` calls `fit` may have outstanding before it awaits the oldest (default 1). An engine
   * that queues work on a device records the next step while the previous one computes.
   */
  readonly stepsInFlight?: number;
  trainStep(batch: Batch): Promise<StepResult>;
  evaluateBatch(batch: Batch): Promise<EvaluationResult>;
  /** Class probabilities for n samples, [n, classes]. */
  predict(x: Float32Array, n: number): Promise<Float32Array>;
  /** Outputs of the given layers for one sample. */
  featureMaps(x: Float32Array, nodeIds: readonly string[]): Promise<Map<string, FeatureMap>>;
  /**
   * Grad-CAM for one sample at `layerId` (default: the last convolutional layer) for `classIndex` (default: the
   * predicted class). Every engine over the kernel contract has it.
   */
  gradCam?(x: Float32Array, options: { layerId?: string | null; classIndex?: number | null }): Promise<GradCamResult>;
  /** A host copy of every weight (trainable and not). */
  getWeights(): Promise<WeightMap>;
  setWeights(weights: WeightMap): void;
  /**
   * Sets the optimizer's learning rate for the next steps (schedules); a positive finite number. Every engine over
   * the kernel contract has it; `fit` refuses a changing schedule on an engine without it.
   */
  setLearningRate?(value: number): void;
  dispose(): void;
}
