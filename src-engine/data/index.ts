/** Image-folder datasets (Node only): the public API the CLI and the app call. */
export { scanImageFolder, type FolderScan, type ScannedFile } from './scan';
export { openImageFolderDataset, type ImageFolderDataset } from './image-folder-dataset';
export {
  DEFAULT_MEMORY_BUDGET_BYTES,
  DEFAULT_SEED,
  DEFAULT_IMBALANCE_THRESHOLD,
  type OpenImageFolderOptions,
} from './dataset-options';
export { DatasetSplit, type Batch, type BatchOptions } from './dataset-split';
export type { DatasetProgress } from './first-pass';
export type { DatasetReport, SkippedFile, DuplicateGroup, ExtensionMismatch, ClassSummary, FileRef } from './report';
export { formatDatasetReport, type FormatReportOptions } from './format-report';
export { ensureSampleDataset, SAMPLE_DATASET_NAME } from './sample-dataset';
export {
  preprocessImage,
  toFloat32,
  type PreprocessedImage,
  type SourceImageInfo,
  type ColorMode,
} from './decode-image';
export {
  imagePreprocessingSchema,
  parsePreprocessing,
  INTERPOLATIONS,
  SHARP_KERNELS,
  type ImagePreprocessing,
  type ImagePreprocessingInput,
  type Interpolation,
} from './preprocessing';
export {
  augmentationSchema,
  parseAugmentation,
  type AugmentationOptions,
  type AugmentationOptionsInput,
} from './augmentation';
export { DatasetError, ImageReadError, SKIP_REASON_LABELS, type DatasetErrorCode, type SkipReason } from './errors';
export { IMAGE_EXTENSIONS, type ImageFormat } from './image-format';
export { shuffledOrder } from './rng';
