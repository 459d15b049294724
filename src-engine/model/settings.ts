import { z } from 'zod';
import { BACKEND_CHOICES, OPTIMIZER_NAMES, TRAINING_LOSS_NAMES } from '../core/vocabulary';
import { augmentationSchema } from '../data/augmentation';
import { imagePreprocessingSchema } from '../data/preprocessing';
import { LearningRateScheduleSchema } from './lr-schedule';

/**
 * How an image becomes the model's input, and the seeded augmentation applied while training; both are defined
 * next to the code that applies them (src-engine/data, pure modules) and recorded in the saved model.
 */
export const PreprocessingSchema = imagePreprocessingSchema;
export type Preprocessing = z.output<typeof PreprocessingSchema>;
export const AugmentationSchema = augmentationSchema;
export type Augmentation = z.output<typeof AugmentationSchema>;

export const TrainingSettingsSchema = z.object({
  optimizer: z.enum(OPTIMIZER_NAMES).default('adam'),
  /** Null means the optimizer's Keras default. */
  learningRate: z.number().positive().max(10).nullable().default(null),
  /** How the learning rate changes per epoch; absent in projects saved before schedules existed. */
  learningRateSchedule: LearningRateScheduleSchema.default({ kind: 'constant' }),
  batchSize: z.number().int().min(1).max(1024).default(32),
  epochs: z.number().int().min(1).max(10000).default(5),
  validationSplit: z.number().min(0).max(0.9).default(0.2),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(42),
  /** Epochs without validation improvement before stopping; null disables early stopping. */
  earlyStoppingPatience: z.number().int().min(1).nullable().default(null),
  loss: z.enum(TRAINING_LOSS_NAMES).default('sparse_categorical_crossentropy'),
  backend: z.enum(BACKEND_CHOICES).default('auto'),
});
export type TrainingSettings = z.infer<typeof TrainingSettingsSchema>;

export const DatasetSettingsSchema = z.object({
  /** Folder with one sub-folder per class; null selects the bundled MNIST sample. */
  path: z.string().nullable().default(null),
  validationPath: z.string().nullable().default(null),
  preprocessing: PreprocessingSchema,
  augmentation: AugmentationSchema.prefault({}),
});
export type DatasetSettings = z.infer<typeof DatasetSettingsSchema>;

export const EpochRecordSchema = z.object({
  epoch: z.number().int().min(0),
  loss: z.number().nullable(),
  accuracy: z.number().nullable(),
  valLoss: z.number().nullable().default(null),
  valAccuracy: z.number().nullable().default(null),
  samplesPerSecond: z.number().nullable().default(null),
  /** The learning rate the epoch trained with (Keras' History `learning_rate`); absent in older records. */
  learningRate: z.number().positive().optional(),
});
export type EpochRecord = z.infer<typeof EpochRecordSchema>;

export function defaultTrainingSettings(): TrainingSettings {
  return TrainingSettingsSchema.parse({});
}
