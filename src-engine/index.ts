/**
 * The engine's platform-neutral entry point: what the renderer bundles and what the main process and CLI use
 * for models, layers, shapes, settings, project files and exports. Nothing reachable from here imports Node
 * built-ins, sharp or worker threads; Node-only additions (datasets, training runs, backends, file I/O) are in
 * ./node.ts. Code outside src-engine imports the engine only through these two files.
 */
export * from './core/tensor';
export * from './core/activations';
export * from './core/vocabulary';
export { INITIALIZER_NAMES } from './core/initializers';

export { LAYERS, LAYER_CLASS_NAMES, getLayer } from './layers';
export type {
  AnyLayerDefinition,
  LayerDefinition,
  LayerCategory,
  LayerTraits,
  ReceptiveFieldRule,
  Shape,
  WeightSpec,
  GraphEdit,
  Fix,
} from './layers/types';
export * from './layers/params';

export * from './model/graph';
export * from './model/group-tree';
export * from './model/diagnostics';
export * from './model/inference';
export * from './model/summary';
export * from './model/hints';
export * from './model/explain';
export * from './model/receptive-field';
export * from './model/layer-activations';
export * from './model/settings';
export * from './model/lr-schedule';
export * from './model/dataset-fit';
export * from './model/project-file';
export * from './model/run-record';
export * from './model/weight-match';
export * from './model/templates';
export * from './model/layout';
export * from './model/names';
export * from './model/limits';
export * from './model/json-syntax';
export * from './model/load-model';
export { ModelInvalidError, compileModel, type CompiledModel } from './model/executor';

export type { TrainingEngine, FeatureMap } from './train/engine';
export { gradCamLayer, gradCamMap, withLogitOutput, type GradCamResult } from './train/grad-cam';
export { evaluateSource, type BatchEndInfo } from './train/fit';
export { describeSchedule, plannedRates } from './train/lr-schedules';
export { argmaxRows, confusionMatrix, precisionRecall } from './train/metrics';

export { augmentInto, drawAugmentation, isIdentityAugmentation, type AugmentationOptions } from './data/augmentation';
export { IMAGE_FORMAT_NAMES, sniffImageFormat, type ImageFormat } from './data/image-format';
export { INTERPOLATIONS } from './data/preprocessing';
export { MAX_IMAGE_FILE_BYTES } from './data/raw-image';
export type { DatasetReport } from './data/report';

export { exportModel, PROJECT_FILE_EXTENSION } from './export';
export { ModelImportError, importModel } from './export/model-import';
export type { TfjsExportOptions } from './export/tfjs-export';
export { shardPathProblem, type ShardReader } from './export/tfjs-weights';
export {
  EXPORT_FORMATS,
  EXPORT_FORMAT_ALIASES,
  ExportError,
  fileBytes,
  type ExportFile,
  type ExportFormat,
} from './export/types';
