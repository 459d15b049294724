// Payloads of the channels that carry models, datasets and training, built on the engine's own schemas
// (src-engine/model: zod only, no Node), so the renderer, the main process and the worker agree on one shape.
import { z } from 'zod';
import {
  DatasetSettingsSchema,
  EpochRecordSchema,
  ProjectFileSchema,
  STOP_REASONS,
  TrainingSettingsSchema,
  type DatasetReport,
  type ProjectFile,
} from '../src-engine';
import { AbsolutePath, Bytes, MAX_IMAGE_BYTES, RunId } from './common-schemas';

/** A project sent by the renderer: parsed with the project-file schema (defaults filled in) before use. */
export const ProjectPayload = ProjectFileSchema;

/** A project the services produce (already valid): typed, not re-parsed. */
const ProjectResult = z.custom<ProjectFile>(
  (v) => typeof v === 'object' && v !== null && 'graph' in v,
  'must be a Filterbank project',
);

/** The project's dataset settings; a null path selects the bundled sample digits. */
export const DatasetSettingsPayload = DatasetSettingsSchema.extend({
  path: AbsolutePath.nullable().default(null),
  validationPath: AbsolutePath.nullable().default(null),
});

/** An image the user points at: a file on the machine running the services, or bytes dropped onto the window. */
export const ImageInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('file'), path: AbsolutePath }),
  z.strictObject({
    kind: z.literal('bytes'),
    name: z.string().min(1).max(300),
    data: Bytes.refine((d) => d.byteLength <= MAX_IMAGE_BYTES, 'must be at most 50 MiB'),
  }),
]);

export const TrainingJob = z.strictObject({
  project: ProjectPayload,
  settings: TrainingSettingsSchema,
  dataset: DatasetSettingsPayload,
  /** Node ids of the layers whose activations are streamed; empty means every Conv2D and pooling layer. */
  featureMapLayers: z.array(z.string().min(1).max(200)).max(64).default([]),
  /** The sample whose feature maps are streamed; null takes the first validation (else training) sample. */
  pinnedSample: ImageInput.nullable().default(null),
});

export const BackendStatus = z.object({
  /** A training backend choice: reference, webgpu, headlessgl, webasm, cpu. */
  name: z.string(),
  available: z.boolean(),
  /** Why it is not available (null when it is). */
  reason: z.string().nullable(),
  /** The backend 'auto' picks. */
  selected: z.boolean(),
});

const SkippedExample = z.object({
  path: z.string(),
  relativePath: z.string(),
  reason: z.string(),
  message: z.string(),
});

export const TrainingInfo = z.object({
  runId: RunId,
  backend: z.string(),
  /** Why each faster backend was not used. */
  backendNotes: z.array(z.string()),
  /** The image folder trained on (the sample's folder when the dataset path is null). */
  datasetPath: z.string(),
  classNames: z.array(z.string()),
  trainSize: z.number().int().nonnegative(),
  validationSize: z.number().int().nonnegative(),
  skippedFiles: z.number().int().nonnegative(),
  /** The first skipped files (at most 20), with why. */
  skippedExamples: z.array(SkippedExample),
  /** The last epoch number the run reaches (initialEpoch + the epochs it trains), like Keras' `epochs`. */
  epochs: z.number().int().positive(),
  batchesPerEpoch: z.number().int().nonnegative(),
  /** Epochs the starting weights had already trained (Keras' initial_epoch): the run's epoch numbers start here. */
  initialEpoch: z.number().int().nonnegative().optional(),
});

export const StopReason = z.enum(STOP_REASONS);

export const TrainingResult = z.object({
  runId: RunId,
  stopReason: StopReason,
  /** Why training stopped early (early stopping, divergence: "The loss became NaN … lower the learning rate"). */
  message: z.string().nullable(),
  /**
   * The project with the trained weights, class names, preprocessing, settings and history. A diverged run
   * returns the project as it was before training (its weights would be NaN), with `history` showing the run.
   */
  project: ProjectResult,
  /** This run's epochs. */
  history: z.array(EpochRecordSchema),
  backend: z.string(),
});

/** Which epoch of a finished run to restore: a 0-based epoch (its end), or the best by a validation metric. */
export const CheckpointRequest = z.union([
  z.strictObject({ runId: RunId, epoch: z.number().int().nonnegative() }),
  z.strictObject({ runId: RunId, best: z.enum(['val_loss', 'val_accuracy']) }),
]);

/** The run's project with one epoch's weights and the history up to that epoch. */
export const TrainingCheckpoint = z.object({ epoch: z.number().int().nonnegative(), project: ProjectResult });

/** Opening the dataset (decoding every image once) before the first epoch. */
export const TrainingDatasetProgress = z.object({
  runId: RunId,
  phase: z.enum(['scanning', 'decoding']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});

/** One preprocessed sample (uint8 HWC, exactly as the model sees it before x / 255). */
export const Thumbnail = z.object({
  className: z.string(),
  label: z.number().int(),
  file: z.string(),
  split: z.enum(['train', 'validation']),
  augmented: z.boolean(),
  height: z.number().int(),
  width: z.number().int(),
  channels: z.number().int(),
  pixels: z.instanceof(Uint8Array),
});

export const DatasetPreview = z.object({
  path: z.string(),
  classNames: z.array(z.string()),
  samples: z.array(Thumbnail),
});

/** The data module's report (src-engine/data/report.ts), the folder it describes and its plain-text rendering. */
export const DatasetReportPayload = z.object({
  path: z.string(),
  report: z.custom<DatasetReport>(
    (v) => typeof v === 'object' && v !== null && 'classes' in v && 'totals' in v,
    'must be a dataset report',
  ),
  text: z.string(),
});

export const MAX_MISCLASSIFIED = 200;

export const EvaluationReport = z.object({
  subset: z.enum(['validation', 'all']),
  classNames: z.array(z.string()),
  samples: z.number().int(),
  loss: z.number(),
  accuracy: z.number(),
  /** confusion[true][predicted] */
  confusion: z.array(z.array(z.number().int())),
  precision: z.array(z.number()),
  recall: z.array(z.number()),
  support: z.array(z.number().int()),
  /** All misclassified samples. */
  misclassifiedCount: z.number().int(),
  /** The first misclassified samples (at most 200), with the class probabilities. */
  misclassified: z.array(
    z.object({
      file: z.string(),
      label: z.number().int(),
      predicted: z.number().int(),
      probabilities: z.array(z.number()),
    }),
  ),
  backend: z.string(),
});

/** Where a convolutional layer's activations raised a class's score for one image (src-engine/train/grad-cam.ts). */
export const GradCam = z.object({
  /** Node id and name of the layer the map was taken at. */
  layer: z.string(),
  layerName: z.string(),
  classIndex: z.number().int().nonnegative(),
  height: z.number().int().positive(),
  width: z.number().int().positive(),
  /** Row-major [height, width], values in [0, 1]. */
  heatmap: z.instanceof(Float32Array),
  /** The map's maximum before scaling; 0: no position raised the class score. */
  maximum: z.number(),
});

/** Asks model:predict for a Grad-CAM map too: null class = the predicted one, null layer = the last conv layer. */
export const GradCamRequest = z.strictObject({
  classIndex: z.number().int().min(0).max(100_000).nullable().default(null),
  layer: z.string().min(1).max(200).nullable().default(null),
});

export const Prediction = z.object({
  classNames: z.array(z.string()),
  probabilities: z.array(z.number()),
  predicted: z.number().int(),
  /** Present when asked for (model:predict's gradCam) and the model has a layer to take it at. */
  gradCam: GradCam.nullable().default(null),
  /** Why there is no map although one was asked for (a model without a convolutional layer). */
  gradCamNote: z.string().nullable().default(null),
  /** The preprocessed input, as the model saw it. */
  height: z.number().int(),
  width: z.number().int(),
  channels: z.number().int(),
  pixels: z.instanceof(Uint8Array),
});

export const InitialProject = z.object({
  project: ProjectResult,
  templateId: z.string(),
  templates: z.array(z.object({ id: z.string(), title: z.string(), description: z.string() })),
});

export type DatasetSettingsPayload = z.output<typeof DatasetSettingsPayload>;
export type TrainingJobInput = z.input<typeof TrainingJob>;
export type TrainingJob = z.output<typeof TrainingJob>;
export type TrainingInfo = z.output<typeof TrainingInfo>;
export type TrainingResult = z.output<typeof TrainingResult>;
export type CheckpointRequest = z.output<typeof CheckpointRequest>;
export type TrainingCheckpoint = z.output<typeof TrainingCheckpoint>;
export type TrainingDatasetProgress = z.output<typeof TrainingDatasetProgress>;
export type StopReason = z.output<typeof StopReason>;
export type EvaluationReport = z.output<typeof EvaluationReport>;
export type Prediction = z.output<typeof Prediction>;
export type GradCam = z.output<typeof GradCam>;
export type Thumbnail = z.output<typeof Thumbnail>;
export type DatasetPreview = z.output<typeof DatasetPreview>;
export type DatasetReportPayload = z.output<typeof DatasetReportPayload>;
export type BackendStatus = z.output<typeof BackendStatus>;
export type ImageInput = z.output<typeof ImageInput>;
export type InitialProject = z.output<typeof InitialProject>;
