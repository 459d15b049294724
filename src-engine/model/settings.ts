import { z } from 'zod';

/** How an image becomes the model's input; recorded in the saved model and used by training, evaluation, prediction and export. */
export const PreprocessingSchema = z.object({
  height: z.number().int().min(1).max(4096),
  width: z.number().int().min(1).max(4096),
  channels: z.union([z.literal(1), z.literal(3), z.literal(4)]),
  interpolation: z.enum(['nearest', 'bilinear', 'bicubic', 'area', 'lanczos3']).default('bilinear'),
  /** RGB colour that transparent pixels are flattened over when the model has no alpha channel. */
  background: z.tuple([z.number().int().min(0).max(255), z.number().int().min(0).max(255), z.number().int().min(0).max(255)]).default([255, 255, 255]),
  /** Pixel values are multiplied by this (1/255 maps bytes to [0, 1]). */
  scale: z.number().default(1 / 255),
});
export type Preprocessing = z.infer<typeof PreprocessingSchema>;

export const AugmentationSchema = z.object({
  horizontalFlip: z.boolean().default(false),
  /** Largest shift as a fraction of width and height. */
  shift: z.number().min(0).max(0.5).default(0),
  /** Largest rotation in degrees, either way. */
  rotation: z.number().min(0).max(180).default(0),
  /** Largest zoom as a fraction (0.1 = 90 % to 110 %). */
  zoom: z.number().min(0).max(0.9).default(0),
});
export type Augmentation = z.infer<typeof AugmentationSchema>;

export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'nesterov', 'adam', 'rmsprop'] as const;
export const BACKEND_CHOICES = ['auto', 'reference', 'webgpu', 'headlessgl', 'webasm', 'cpu'] as const;
export const LOSS_NAMES = ['categorical_crossentropy', 'sparse_categorical_crossentropy', 'mean_squared_error'] as const;

export const TrainingSettingsSchema = z.object({
  optimizer: z.enum(OPTIMIZER_NAMES).default('adam'),
  /** Null means the optimizer's Keras default. */
  learningRate: z.number().positive().max(10).nullable().default(null),
  batchSize: z.number().int().min(1).max(1024).default(32),
  epochs: z.number().int().min(1).max(10000).default(5),
  validationSplit: z.number().min(0).max(0.9).default(0.2),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
  /** Epochs without validation improvement before stopping; null disables early stopping. */
  earlyStoppingPatience: z.number().int().min(1).nullable().default(null),
  loss: z.enum(LOSS_NAMES).default('sparse_categorical_crossentropy'),
  backend: z.enum(BACKEND_CHOICES).default('auto'),
});
export type TrainingSettings = z.infer<typeof TrainingSettingsSchema>;

export const DatasetSettingsSchema = z.object({
  /** Folder with one sub-folder per class; null selects the bundled MNIST sample. */
  path: z.string().nullable().default(null),
  validationPath: z.string().nullable().default(null),
  preprocessing: PreprocessingSchema,
  augmentation: AugmentationSchema.default({ horizontalFlip: false, shift: 0, rotation: 0, zoom: 0 }),
});
export type DatasetSettings = z.infer<typeof DatasetSettingsSchema>;

export const EpochRecordSchema = z.object({
  epoch: z.number().int().min(0),
  loss: z.number().nullable(),
  accuracy: z.number().nullable(),
  valLoss: z.number().nullable().default(null),
  valAccuracy: z.number().nullable().default(null),
  samplesPerSecond: z.number().nullable().default(null),
});
export type EpochRecord = z.infer<typeof EpochRecordSchema>;

export function defaultTrainingSettings(): TrainingSettings {
  return TrainingSettingsSchema.parse({});
}
