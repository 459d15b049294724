import type { Batch } from '../train/engine';

/** One engine under measurement, driven the same way whatever it is: a training step and a prediction per batch. */
export interface BenchSubject {
  /** Trainable and non-trainable parameters of the model as this engine built it. */
  readonly parameters: number;
  /** What the engine reports about itself (threads, SIMD, workarounds applied). */
  readonly details: Record<string, string | number | boolean>;
  /**
   * One optimizer step on the batch; resolves once the loss is on the host, or, for an engine with steps in
   * flight, once the step issued that many steps earlier has its loss on the host (as fit drives it).
   */
  trainStep(batch: Batch): Promise<void>;
  /** Waits for every step still in flight. */
  settle?(): Promise<void>;
  /** Class probabilities for n samples; resolves once they are on the host. */
  predict(x: Float32Array, n: number): Promise<void>;
  dispose(): void;
}

/** Every engine trains the same model with the same optimizer and loss (Adam at Keras' defaults). */
export const BENCH_OPTIMIZER = { name: 'adam', learningRate: 0.001 } as const;
export const BENCH_LOSS = 'sparse_categorical_crossentropy' as const;
