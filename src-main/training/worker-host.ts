// Worker-thread side of the training protocol: reads the job, hands a job runner an emitter and a control
// object, and reports the outcome. The runner is the only part that knows about the engine.
import { parentPort, workerData } from 'node:worker_threads';
import type { z } from 'zod';
import type { EpochRecord } from '../../src-engine';
import { CONTROL, WorkerInit, quantizeFeatureMap, type WorkerFeatureMap, type WorkerMessage } from './protocol';

type Message<T extends WorkerMessage['type']> = Omit<Extract<WorkerMessage, { type: T }>, 'type'>;
export type TrainingInfoMessage = Message<'info'>;
export type TrainingResultMessage = Message<'result'>;
export type DatasetProgressMessage = Message<'dataset'>;

export interface BatchProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batchesPerEpoch: number;
  loss: number;
  metrics?: Record<string, number>;
  samplesSeen: number;
}

export interface TrainingEmitter {
  /** Call after every batch; the supervisor coalesces these for the UI. */
  progress(progress: BatchProgress): void;
  /** Call at the end of every epoch with Keras-style logs (loss, val_loss, accuracy, …). */
  epoch(epoch: number, epochs: number, logs: Record<string, number>): void;
  /** At the end of every epoch: its record and weights (encoded as a project stores them), kept as a checkpoint. */
  epochWeights(record: EpochRecord, weights: unknown): void;
  /** True when a feature-map snapshot is wanted: compute activations for the UI only then. */
  featureMapsDue(): boolean;
  featureMaps(
    step: { epoch: number; batch: number },
    maps: { layer: string; kind: WorkerFeatureMap['kind']; shape: number[]; values: Float32Array }[],
  ): void;
  /** Once, when training starts: backend, classes, split sizes, skipped files. */
  info(info: TrainingInfoMessage): void;
  /** While the dataset is opened (decoding every image once). */
  datasetProgress(progress: DatasetProgressMessage): void;
  /** Once, at the end (also for a stopped or diverged run): the trained project and why training stopped. */
  result(result: TrainingResultMessage): void;
}

export interface TrainingControl {
  /**
   * Call between batches. Blocks the worker thread while training is paused; returns true once a stop was
   * requested (then finish the current step, skip the rest and return).
   */
  checkpoint(): boolean;
  /** Aborted when checkpoint() has seen a stop request; for code that takes an AbortSignal. */
  readonly signal: AbortSignal;
  /** Like checkpoint() but never blocks: aborts `signal` when a stop was requested (for code between batches). */
  pollStop(): boolean;
}

/** A function that trains one job to completion or until control says stop; throwing reports a failure. */
export type TrainingJobRunner<J> = (job: J, emit: TrainingEmitter, control: TrainingControl) => Promise<void>;

function describeFailure(error: unknown): Extract<WorkerMessage, { type: 'failed' }>['error'] {
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error ? error.stack : undefined;
  if (error instanceof RangeError && /allocation failed|Invalid typed array length|Array buffer/i.test(message)) {
    return {
      code: 'out-of-memory',
      message: `Training ran out of memory: ${message}`,
      hint: 'Use a smaller batch size, smaller images or a smaller model.',
      stack,
    };
  }
  const code =
    typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
      ? error.code
      : 'training-error';
  const hint =
    typeof error === 'object' && error !== null && 'hint' in error && typeof error.hint === 'string'
      ? error.hint
      : null;
  return { code, message, hint, stack };
}

export function createControl(
  controlBuffer: SharedArrayBuffer,
  post: (message: WorkerMessage) => void,
): TrainingControl {
  const view = new Int32Array(controlBuffer);
  const aborter = new AbortController();
  return {
    signal: aborter.signal,
    checkpoint() {
      let state = Atomics.load(view, 0);
      if (state === CONTROL.pause) {
        post({ type: 'paused' });
        while ((state = Atomics.load(view, 0)) === CONTROL.pause) Atomics.wait(view, 0, CONTROL.pause);
        if (state === CONTROL.run) post({ type: 'resumed' });
      }
      if (state === CONTROL.stop) {
        if (!aborter.signal.aborted) aborter.abort();
        return true;
      }
      return false;
    },
    pollStop() {
      if (Atomics.load(view, 0) !== CONTROL.stop) return false;
      if (!aborter.signal.aborted) aborter.abort();
      return true;
    },
  };
}

export function createEmitter(
  featureMapIntervalMs: number,
  post: (message: WorkerMessage, transfer?: ArrayBuffer[]) => void,
): TrainingEmitter {
  let lastFeatureMaps = -Infinity;
  return {
    progress(p) {
      post({ type: 'progress', ...p, metrics: p.metrics ?? {} });
    },
    epoch(epoch, epochs, logs) {
      post({ type: 'epoch', epoch, epochs, logs });
    },
    epochWeights(record, weights) {
      post({ type: 'epochWeights', record, weights });
    },
    featureMapsDue() {
      return Date.now() - lastFeatureMaps >= featureMapIntervalMs;
    },
    featureMaps(step, maps) {
      lastFeatureMaps = Date.now();
      const quantized = maps.map((m) => quantizeFeatureMap(m.layer, m.kind, m.shape, m.values));
      post(
        { type: 'featureMaps', ...step, maps: quantized },
        quantized.map((m) => m.values.buffer as ArrayBuffer),
      );
    },
    info(info) {
      post({ type: 'info', ...info });
    },
    datasetProgress(progress) {
      post({ type: 'dataset', ...progress });
    },
    result(result) {
      post({ type: 'result', ...result });
    },
  };
}

/** Entry point of a training worker script: `serveTrainingWorker(JobSchema, runTrainingJob)`. */
export function serveTrainingWorker<J>(jobSchema: z.ZodType<J>, run: TrainingJobRunner<J>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTrainingWorker must run inside a worker thread.');
  const post = (message: WorkerMessage, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);
  const init = WorkerInit.safeParse(workerData);
  const job = init.success ? jobSchema.safeParse(init.data.job) : init;
  if (!init.success || !job.success) {
    post({
      type: 'failed',
      error: {
        code: 'protocol-error',
        message: `The training worker received an invalid job: ${job.error?.message}`,
        hint: 'This is a bug in Filterbank.',
      },
    });
    return;
  }
  const control = createControl(init.data.control, post);
  const emit = createEmitter(init.data.featureMapIntervalMs, post);
  post({ type: 'started' });
  run(job.data, emit, control).then(
    () => post({ type: 'finished', outcome: control.signal.aborted ? 'stopped' : 'completed' }),
    (error: unknown) => post({ type: 'failed', error: describeFailure(error) }),
  );
}
