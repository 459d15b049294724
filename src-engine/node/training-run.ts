import { openImageFolderDataset, type ImageFolderDataset } from '../data';
import type { DatasetSplit } from '../data/dataset-split';
import { toFloat32 } from '../data/decode-image';
import type { SkippedFile } from '../data/report';
import { compileModel, type CompiledModel } from '../model/executor';
import {
  decodeWeights,
  encodeWeights,
  NonFiniteWeightError,
  type ProjectFile,
  type WeightMap,
} from '../model/project-file';
import {
  AugmentationSchema,
  PreprocessingSchema,
  type DatasetSettings,
  type EpochRecord,
  type Preprocessing,
  type TrainingSettings,
} from '../model/settings';
import type { BatchSource, FeatureMap, TrainingEngine } from '../train/engine';
import { fit, type BatchEndInfo, type FitResult } from '../train/fit';
import { createEngine } from '../backends/create-engine';
import { KERAS_DEFAULT_LEARNING_RATE } from '../core/vocabulary';

/** A problem the user can fix (model and dataset disagree, bad settings); `hint` says how. */
export class TrainingSetupError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'TrainingSetupError';
  }
}

/** The model's input as image preprocessing: (H, W, C) with C of 1, 3 or 4. */
export function preprocessingFor(model: CompiledModel, dataset: DatasetSettings | null | undefined): Preprocessing {
  const [height, width, channels] = model.inputShape;
  if (model.inputShape.length !== 3 || ![1, 3, 4].includes(channels)) {
    throw new TrainingSetupError(
      `The model input is (None, ${model.inputShape.join(', ')}), which is not an image`,
      'Set the InputLayer shape to (height, width, channels) with 1 (grayscale), 3 (RGB) or 4 (RGBA) channels.',
    );
  }
  if (!dataset?.preprocessing) {
    for (const [field, size] of [
      ['height', height],
      ['width', width],
    ] as const) {
      const { minValue, maxValue } = PreprocessingSchema.shape[field];
      if (size < (minValue ?? 1) || size > (maxValue ?? Infinity)) {
        throw new TrainingSetupError(
          `The model input ${field} is ${size} pixels; Filterbank trains on images of ${minValue} to ${maxValue} ` +
            `pixels in height and width`,
          `Set the InputLayer shape to (height, width, ${channels}) with both sides ${maxValue} or less.`,
        );
      }
    }
  }
  const base = dataset?.preprocessing ?? PreprocessingSchema.parse({ height, width, channels });
  if (base.height !== height || base.width !== width || base.channels !== channels) {
    throw new TrainingSetupError(
      `The dataset preprocessing makes ${base.height}×${base.width}×${base.channels} images but the model input ` +
        `is ${height}×${width}×${channels}`,
      'Make the preprocessing size and channels match the InputLayer shape (or change the InputLayer).',
    );
  }
  return base;
}

function checkClasses(model: CompiledModel, classNames: readonly string[]): void {
  const units = model.outputShape[model.outputShape.length - 1];
  if (model.outputShape.length !== 1 || units !== classNames.length) {
    const out = model.layers.find((l) => l.id === model.outputId);
    throw new TrainingSetupError(
      `The model outputs (None, ${model.outputShape.join(', ')}) but the dataset has ${classNames.length} classes ` +
        `(${classNames.slice(0, 12).join(', ')}${classNames.length > 12 ? ', …' : ''})`,
      out?.def.traits.classifierHead === 'dense'
        ? `Set units of ${out.name} to ` +
            `${classNames.length}${model.outputShape.length !== 1 ? ' and flatten its input' : ''}.`
        : `End the model with Dense(${classNames.length}, activation='softmax').`,
    );
  }
}

/** A training split as fit wants it: augmented batches with a fresh augmentation seed each epoch. */
function trainingSource(split: DatasetSplit, augment: boolean): BatchSource {
  let epoch = 0;
  return {
    size: split.size,
    batches: (order, batchSize) => split.batches(order, batchSize, { epoch: epoch++, augment }),
  };
}

export interface FeatureMapRequest {
  /** Node ids; empty means every convolution and pooling layer. */
  nodeIds: string[];
  /** Called after each batch; compute maps only when it returns true. */
  due(): boolean;
  emit(step: { epoch: number; batch: number }, maps: Map<string, FeatureMap>, kernels: Map<string, FeatureMap>): void;
  /** The pinned sample's pixels (preprocessed, uint8); null takes the first validation (else training) sample. */
  pixels?: Uint8Array | null;
}

export interface TrainingRunOptions {
  project: ProjectFile;
  /** The image folder (the sample dataset's folder when the project uses it). */
  dataDir: string;
  validationDir?: string | null;
  settings: TrainingSettings;
  signal?: AbortSignal;
  waitWhilePaused?: () => Promise<void>;
  onDataset?: (dataset: ImageFolderDataset) => void;
  onStart?: (info: {
    backend: string;
    backendNotes: string[];
    classNames: string[];
    trainSize: number;
    validationSize: number;
    skipped: SkippedFile[];
    batchesPerEpoch: number;
    /** Epochs the starting weights already trained (their saved history): this run's epochs are numbered after. */
    initialEpoch: number;
  }) => void;
  onBatchEnd?: (info: BatchEndInfo) => void;
  onEpochEnd?: FitOptionsEpoch;
  /** The weights at the end of every epoch, encoded as a project stores them (for per-epoch checkpoints). */
  onEpochWeights?: (record: EpochRecord, weights: NonNullable<ProjectFile['weights']>) => void;
  featureMaps?: FeatureMapRequest;
  /** Dataset decoding progress. */
  onDatasetProgress?: (p: { phase: string; done: number; total: number }) => void;
}
type FitOptionsEpoch = NonNullable<Parameters<typeof fit>[2]['onEpochEnd']>;

export interface TrainingRunResult {
  project: ProjectFile;
  fit: FitResult;
  backend: string;
  classNames: string[];
  skipped: SkippedFile[];
}

/** The weights training continues from; a diverged save is refused before the dataset is opened. */
function startingWeights(project: ProjectFile): WeightMap | null {
  if (!project.weights) return null;
  try {
    return decodeWeights(project.weights, project.graph);
  } catch (e) {
    if (e instanceof NonFiniteWeightError)
      throw new TrainingSetupError(e.message, 'Reset the weights to train from scratch, or load an earlier save.');
    throw e;
  }
}

/**
 * Trains a project's model on an image folder: the one path the CLI and the app's training worker share.
 * Returns the project with trained weights, class names, preprocessing and history.
 */
export async function runTraining(options: TrainingRunOptions): Promise<TrainingRunResult> {
  const { project, settings } = options;
  const model = compileModel(project.graph);
  const weights = startingWeights(project);
  const preprocessing = preprocessingFor(model, project.dataset);
  const useValidationDir = Boolean(options.validationDir);
  const dataset = await openImageFolderDataset(options.dataDir, {
    preprocessing,
    ...(useValidationDir
      ? { validationDir: options.validationDir as string }
      : { validationSplit: settings.validationSplit }),
    seed: settings.seed,
    augmentation: project.dataset?.augmentation,
    signal: options.signal,
    onProgress: options.onDatasetProgress,
  });
  let engine: TrainingEngine | null = null;
  try {
    options.onDataset?.(dataset);
    checkClasses(model, dataset.classNames);
    if (project.classNames && project.weights && project.classNames.join('\n') !== dataset.classNames.join('\n')) {
      throw new TrainingSetupError(
        `The model was trained on the classes ${project.classNames.join(', ')} but this dataset has ` +
          `${dataset.classNames.join(', ')}`,
        'Reset the weights to train from scratch on this dataset, or use a folder with the same class names.',
      );
    }
    const selection = await createEngine(
      {
        model,
        optimizer: { name: settings.optimizer, learningRate: settings.learningRate },
        loss: settings.loss,
        seed: settings.seed,
        weights,
      },
      { backend: settings.backend },
    );
    engine = selection.engine;
    const batchesPerEpoch = Math.ceil(dataset.train.size / settings.batchSize);
    // Training continues from saved weights: epoch numbers and the history continue too (Keras' initial_epoch).
    const initialEpoch = weights ? project.history.length : 0;
    options.onStart?.({
      backend: engine.backend,
      backendNotes: selection.notes,
      classNames: [...dataset.classNames],
      trainSize: dataset.train.size,
      validationSize: dataset.validation.size,
      skipped: dataset.report.skipped,
      batchesPerEpoch,
      initialEpoch,
    });

    const fm = options.featureMaps;
    const fmIds = fm
      ? fm.nodeIds.length
        ? fm.nodeIds
        : model.layers.filter((l) => l.def.traits.showsFeatureMaps).map((l) => l.id)
      : [];
    // The first layer whose filters are images (a Conv2D today) has its filters drawn next to the maps.
    const filterLayer = model.layers.find((l) => l.def.traits.filterWeight !== null);
    const filterWeight = filterLayer?.def.traits.filterWeight;
    let pinned: Float32Array | null = null;
    if (fm) {
      const pixels =
        fm.pixels ??
        (dataset.validation.size > 0
          ? (await dataset.validation.sample(0)).pixels
          : (await dataset.train.sample(0)).pixels);
      pinned = toFloat32(pixels);
    }
    const activeEngine = engine;
    const result = await fit(engine, trainingSource(dataset.train, true), {
      epochs: settings.epochs,
      initialEpoch,
      numClasses: dataset.classNames.length,
      batchSize: settings.batchSize,
      seed: settings.seed,
      validation: dataset.validation.size > 0 ? dataset.validation : null,
      earlyStoppingPatience: settings.earlyStoppingPatience,
      learningRate: {
        initial: settings.learningRate ?? KERAS_DEFAULT_LEARNING_RATE[settings.optimizer],
        schedule: settings.learningRateSchedule ?? { kind: 'constant' },
      },
      signal: options.signal,
      waitWhilePaused: options.waitWhilePaused,
      onEpochEnd: async (record) => {
        await options.onEpochEnd?.(record);
        if (options.onEpochWeights) options.onEpochWeights(record, encodeWeights(await activeEngine.getWeights()));
      },
      onBatchEnd: async (info) => {
        options.onBatchEnd?.(info);
        if (fm && pinned && fm.due()) {
          const maps = await activeEngine.featureMaps(pinned, fmIds);
          const kernels = new Map<string, FeatureMap>();
          const kernel =
            filterLayer && filterWeight && (await activeEngine.getWeights()).get(filterLayer.id)?.get(filterWeight);
          if (filterLayer && kernel)
            kernels.set(filterLayer.id, { shape: [...kernel.shape], values: Float32Array.from(kernel.values) });
          fm.emit({ epoch: info.epoch, batch: info.batch }, maps, kernels);
        }
      },
    });
    const trained: ProjectFile = {
      ...project,
      weights: encodeWeights(await engine.getWeights()),
      classNames: [...dataset.classNames],
      dataset: {
        path: project.dataset?.path ?? null,
        validationPath: options.validationDir ?? null,
        preprocessing,
        augmentation: project.dataset?.augmentation ?? AugmentationSchema.parse({}),
      },
      training: settings,
      history: [...(initialEpoch ? project.history : []), ...result.history],
    };
    return {
      project: trained,
      fit: result,
      backend: engine.backend,
      classNames: [...dataset.classNames],
      skipped: dataset.report.skipped,
    };
  } finally {
    engine?.dispose();
    await dataset.close();
  }
}
