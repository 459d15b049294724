// Messages between the training supervisor (main process) and its worker thread, zod-validated on receipt.
// Pause / resume / stop travel through a SharedArrayBuffer instead of messages, so they take effect even
// while the worker's event loop is busy inside a synchronous training step.
import { z } from 'zod';
import { EpochRecordSchema } from '../../src-engine';
import { ErrorInfo, eventContract } from '../../src-shared';

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

// A worker event is the contract's event payload, tagged with its type; the supervisor adds the run id.
const noRunId = { runId: true } as const;
const event = eventContract;

export const WorkerFeatureMap = event['training:featureMaps'].payload.shape.maps.element;

export const WorkerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started') }),
  event['training:progress'].payload.omit(noRunId).extend({ type: z.literal('progress') }),
  event['training:epoch'].payload.omit(noRunId).extend({ type: z.literal('epoch') }),
  event['training:featureMaps'].payload.omit(noRunId).extend({ type: z.literal('featureMaps') }),
  event['training:info'].payload.omit(noRunId).extend({ type: z.literal('info') }),
  event['training:dataset'].payload.omit(noRunId).extend({ type: z.literal('dataset') }),
  // The project passes through unchecked, as it always has; the supervisor gives it the event's type.
  event['training:result'].payload
    .omit({ runId: true, project: true })
    .extend({ type: z.literal('result'), project: z.unknown() }),
  // An epoch's weights, encoded as a project stores them, for the supervisor's checkpoint store (not forwarded).
  z.object({ type: z.literal('epochWeights'), record: EpochRecordSchema, weights: z.unknown() }),
  z.object({ type: z.literal('paused') }),
  z.object({ type: z.literal('resumed') }),
  z.object({ type: z.literal('finished'), outcome: z.enum(['completed', 'stopped']) }),
  z.object({ type: z.literal('failed'), error: ErrorInfo.extend({ stack: z.string().optional() }) }),
]);
export type WorkerMessage = z.output<typeof WorkerMessage>;
export type WorkerFeatureMap = z.output<typeof WorkerFeatureMap>;

/** Scales values linearly to 0..255: a quarter of the bytes, and what a grey-scale preview needs. */
export function quantizeFeatureMap(
  layer: string,
  kind: WorkerFeatureMap['kind'],
  shape: number[],
  values: Float32Array,
): WorkerFeatureMap {
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
