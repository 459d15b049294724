// Messages between the training supervisor (main process) and its worker thread, zod-validated on receipt.
// Pause / resume / stop travel through a SharedArrayBuffer instead of messages, so they take effect even
// while the worker's event loop is busy inside a synchronous training step.
import { z } from 'zod';
import { StopReason } from '../../src-shared';
import { EpochRecordSchema } from '../../src-engine/model/settings';

/** Values of control slot 0. */
export const CONTROL = { run: 0, pause: 1, stop: 2 } as const;
export const CONTROL_BYTES = Int32Array.BYTES_PER_ELEMENT;

export const WorkerInit = z.object({
  runId: z.string(),
  /** Validated by the worker script's own job schema (serveTrainingWorker). */
  job: z.unknown(),
  control: z.instanceof(SharedArrayBuffer),
  /** Minimum milliseconds between feature-map snapshots the worker bothers to compute. */
  featureMapIntervalMs: z.number().nonnegative(),
});
export type WorkerInit = z.output<typeof WorkerInit>;

const Metrics = z.record(z.string(), z.number());

export const WorkerFeatureMap = z.object({
  layer: z.string(),
  kind: z.enum(['activation', 'kernel']),
  shape: z.array(z.number().int().nonnegative()),
  min: z.number(),
  max: z.number(),
  values: z.instanceof(Uint8Array),
});

export const WorkerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started') }),
  z.object({
    type: z.literal('progress'),
    epoch: z.number().int().nonnegative(),
    epochs: z.number().int().positive(),
    batch: z.number().int().nonnegative(),
    batchesPerEpoch: z.number().int().positive(),
    loss: z.number(),
    metrics: Metrics,
    samplesSeen: z.number().int().nonnegative(),
  }),
  z.object({ type: z.literal('epoch'), epoch: z.number().int().nonnegative(), epochs: z.number().int().positive(), logs: Metrics }),
  z.object({ type: z.literal('featureMaps'), epoch: z.number().int(), batch: z.number().int(), maps: z.array(WorkerFeatureMap) }),
  z.object({
    type: z.literal('info'),
    backend: z.string(),
    backendNotes: z.array(z.string()),
    datasetPath: z.string(),
    classNames: z.array(z.string()),
    trainSize: z.number().int().nonnegative(),
    validationSize: z.number().int().nonnegative(),
    skippedFiles: z.number().int().nonnegative(),
    skippedExamples: z.array(z.object({ path: z.string(), relativePath: z.string(), reason: z.string(), message: z.string() })),
    epochs: z.number().int().positive(),
    batchesPerEpoch: z.number().int().nonnegative(),
  }),
  z.object({ type: z.literal('dataset'), phase: z.enum(['scanning', 'decoding']), done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
  z.object({
    type: z.literal('result'),
    stopReason: StopReason,
    message: z.string().nullable(),
    project: z.unknown(),
    history: z.array(EpochRecordSchema),
    backend: z.string(),
  }),
  z.object({ type: z.literal('paused') }),
  z.object({ type: z.literal('resumed') }),
  z.object({ type: z.literal('finished'), outcome: z.enum(['completed', 'stopped']) }),
  z.object({
    type: z.literal('failed'),
    error: z.object({ code: z.string(), message: z.string(), hint: z.string().nullable(), stack: z.string().optional() }),
  }),
]);
export type WorkerMessage = z.output<typeof WorkerMessage>;
export type WorkerFeatureMap = z.output<typeof WorkerFeatureMap>;

/** Scales values linearly to 0..255: a quarter of the bytes, and what a grey-scale preview needs. */
export function quantizeFeatureMap(layer: string, kind: WorkerFeatureMap['kind'], shape: number[], values: Float32Array): WorkerFeatureMap {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) min = max = 0;
  const scale = max > min ? 255 / (max - min) : 0;
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    bytes[i] = Number.isFinite(v) ? Math.round((v - min) * scale) : 0;
  }
  return { layer, kind, shape, min, max, values: bytes };
}
