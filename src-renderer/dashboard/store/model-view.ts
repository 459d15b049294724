/**
 * What the dashboard needs to know about the model being edited: its input as image preprocessing, and the layers
 * whose feature maps are shown. Pure functions of the graph.
 */
import {
  AugmentationSchema,
  getLayer,
  inferShapes,
  KERAS_DEFAULT_LEARNING_RATE,
  type Augmentation,
  type DatasetSettings,
  type GraphInference,
  type ModelGraph,
  type Preprocessing,
  type TrainingSettings,
} from '../../../src-engine';

export interface ModelInput {
  height: number;
  width: number;
  channels: 1 | 3 | 4;
}

export interface FeatureLayer {
  id: string;
  name: string;
  className: string;
}

export interface ModelView {
  /** The image the model takes, or why the input is not an image. */
  input: ModelInput | { problem: string };
  /** The layers whose activations are streamed (their traits say so: conv and pool layers), in graph order. */
  featureLayers: FeatureLayer[];
  /** The model's shapes, for what a feature-map cell sees of the input (regionAt); null without a model. */
  inference: GraphInference | null;
}

export function modelView(graph: ModelGraph | null): ModelView {
  const featureLayers = (graph?.nodes ?? [])
    .filter((n) => getLayer(n.className)?.traits.showsFeatureMaps)
    .map((n) => ({ id: n.id, name: n.name, className: n.className }));
  const inference = graph ? inferShapes(graph) : null;
  const inputs = (graph?.nodes ?? []).filter((n) => n.className === 'InputLayer');
  if (inputs.length !== 1) {
    return {
      input: {
        problem: inputs.length
          ? 'The model has several inputs; training on an image folder needs exactly one.'
          : 'The model has no InputLayer: add one with the image size, e.g. (28, 28, 1).',
      },
      featureLayers,
      inference,
    };
  }
  const shape = inputs[0].params.shape;
  const dims = Array.isArray(shape) ? shape : [];
  const [height, width, channels] = dims as number[];
  if (
    dims.length !== 3 ||
    !dims.every((d) => Number.isInteger(d) && (d as number) > 0) ||
    ![1, 3, 4].includes(channels)
  ) {
    return {
      input: {
        problem:
          `The InputLayer shape is (${dims.join(', ')}), not an image: ` +
          `set it to (height, width, channels) with 1, 3 or 4 channels.`,
      },
      featureLayers,
      inference,
    };
  }
  return { input: { height, width, channels: channels as 1 | 3 | 4 }, featureLayers, inference };
}

export const isImageInput = (input: ModelView['input']): input is ModelInput => !('problem' in input);

/** The dataset choices the user edits; the size and channels always follow the model's InputLayer. */
export interface DatasetDraft {
  /** Image folder; null is the bundled sample digits. */
  path: string | null;
  validationPath: string | null;
  interpolation: Preprocessing['interpolation'];
  background: [number, number, number];
  augmentation: Augmentation;
}

export function defaultDatasetDraft(): DatasetDraft {
  return {
    path: null,
    validationPath: null,
    interpolation: 'bilinear',
    background: [255, 255, 255],
    augmentation: AugmentationSchema.parse({}),
  };
}

export function draftFromSettings(settings: DatasetSettings | null | undefined): DatasetDraft {
  if (!settings) return defaultDatasetDraft();
  return {
    path: settings.path,
    validationPath: settings.validationPath,
    interpolation: settings.preprocessing.interpolation,
    background: [...settings.preprocessing.background] as [number, number, number],
    augmentation: settings.augmentation,
  };
}

/** The full dataset settings for a model input. */
export function datasetSettings(
  draft: DatasetDraft,
  input: ModelInput,
  path: string | null = draft.path,
): DatasetSettings {
  return {
    path,
    validationPath: draft.validationPath,
    preprocessing: {
      ...input,
      interpolation: draft.interpolation,
      background: draft.background,
      autoOrient: true,
      valueRange: '0..1',
    },
    augmentation: draft.augmentation,
  };
}

/** The rate training starts at: the one set, else Keras' default for the optimizer. */
export const learningRateOf = (settings: Pick<TrainingSettings, 'learningRate' | 'optimizer'>): number =>
  settings.learningRate ?? KERAS_DEFAULT_LEARNING_RATE[settings.optimizer];

/** A learning rate printed the way people type it (0.001, 1e-5). */
export function formatLearningRate(lr: number): string {
  return lr >= 1e-4 ? String(Number(lr.toPrecision(3))) : lr.toExponential(1).replace('.0e', 'e');
}
