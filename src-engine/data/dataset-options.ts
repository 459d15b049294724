/** Options of `openImageFolderDataset`, validated in one place. */
import { z } from 'zod';
import type { AugmentationOptionsInput } from './augmentation';
import { DatasetError } from './errors';
import type { DatasetProgress } from './first-pass';
import type { ImagePreprocessingInput } from './preprocessing';

export const DEFAULT_MEMORY_BUDGET_BYTES = 512 * 1024 * 1024;
export const DEFAULT_SEED = 1337;
export const DEFAULT_IMBALANCE_THRESHOLD = 3;

export interface OpenImageFolderOptions {
  preprocessing: ImagePreprocessingInput;
  /** A separate validation folder with the same class folders. Excludes `validationSplit`. */
  validationDir?: string;
  /** Fraction of each class held out for validation, in [0, 1); 0 or absent: no validation split. */
  validationSplit?: number;
  /** Seeds the split and the augmentation; default 1337. */
  seed?: number;
  /** Decoded-sample cache budget; past it samples are streamed (decoded per epoch). Default 512 MiB. */
  memoryBudgetBytes?: number;
  /** Decode worker threads; default one per core (at most 8); 0 decodes in-process. */
  workers?: number;
  /** The decode worker entry for bundled builds (see decode-pool.ts). */
  workerUrl?: URL;
  augmentation?: AugmentationOptionsInput;
  /** max/min class-size ratio from which the report warns; default 3. */
  imbalanceThreshold?: number;
  /** Batches decoded ahead of the consumer when streaming; default 2. */
  readAheadBatches?: number;
  onProgress?: (p: DatasetProgress) => void;
  signal?: AbortSignal;
}

const numbers = z.object({
  validationSplit: z.number().min(0).lt(1).default(0),
  seed: z.number().int().min(0).max(0xffffffff).default(DEFAULT_SEED),
  memoryBudgetBytes: z.number().int().min(0).default(DEFAULT_MEMORY_BUDGET_BYTES),
  workers: z.number().int().min(0).max(64).optional(),
  imbalanceThreshold: z.number().min(1).default(DEFAULT_IMBALANCE_THRESHOLD),
  readAheadBatches: z.number().int().min(0).max(64).default(2),
});

export type DatasetNumbers = z.output<typeof numbers>;

export function parseDatasetNumbers(o: OpenImageFolderOptions): DatasetNumbers {
  if (o.validationDir !== undefined && o.validationSplit) {
    throw new DatasetError(
      'INVALID_OPTIONS',
      'Both a validation folder and a validation split were given.',
      'Use either a separate validation folder or a validation fraction of the dataset folder, not both.',
    );
  }
  const r = numbers.safeParse(o);
  if (!r.success) {
    throw new DatasetError(
      'INVALID_OPTIONS',
      `Invalid dataset options:\n${z.prettifyError(r.error)}\n`,
      'validationSplit is a fraction below 1 (e.g. 0.2), seed a whole number ≥ 0, memoryBudgetBytes a byte count.',
    );
  }
  return r.data;
}
