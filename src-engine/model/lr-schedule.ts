// The learning-rate schedule a training run's settings choose, with Keras' parameters; one epoch is one schedule
// step. The formulas are in src-engine/train/lr-schedules.ts.
import { z } from 'zod';

export const LR_SCHEDULE_KINDS = ['constant', 'step', 'exponential', 'cosine', 'plateau'] as const;
export type LearningRateScheduleKind = (typeof LR_SCHEDULE_KINDS)[number];

export const LearningRateScheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant') }),
  /** lr × gamma every `everyEpochs` epochs (Keras: ExponentialDecay with staircase=True, decay_rate=gamma). */
  z.object({
    kind: z.literal('step'),
    everyEpochs: z.number().int().min(1).max(10000).default(10),
    gamma: z.number().positive().max(1).default(0.1),
  }),
  /** lr × decayRate^(epoch / decayEpochs) (Keras: ExponentialDecay, staircase=False). */
  z.object({
    kind: z.literal('exponential'),
    decayEpochs: z.number().int().min(1).max(10000).default(1),
    decayRate: z.number().positive().max(1).default(0.9),
  }),
  /** Keras CosineDecay from lr down to lr × alpha over `decayEpochs` (null: the whole run). */
  z.object({
    kind: z.literal('cosine'),
    decayEpochs: z.number().int().min(1).max(10000).nullable().default(null),
    alpha: z.number().min(0).max(1).default(0),
  }),
  /** Keras ReduceLROnPlateau(monitor='val_loss'); monitors loss when there is no validation data. */
  z.object({
    kind: z.literal('plateau'),
    factor: z.number().positive().lt(1).default(0.1),
    patience: z.number().int().min(0).max(10000).default(10),
    minDelta: z.number().min(0).default(1e-4),
    cooldown: z.number().int().min(0).max(10000).default(0),
    minLr: z.number().min(0).default(0),
  }),
]);
export type LearningRateSchedule = z.output<typeof LearningRateScheduleSchema>;

/** A schedule of `kind` with Keras-like defaults. */
export function defaultSchedule(kind: LearningRateScheduleKind): LearningRateSchedule {
  return LearningRateScheduleSchema.parse({ kind });
}
