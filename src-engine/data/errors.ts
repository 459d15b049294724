/**
 * Errors of the image-folder dataset. A `DatasetError` stops opening a dataset (the folder as a whole is unusable);
 * an `ImageReadError` concerns one file, which the dataset skips and reports.
 */

export type DatasetErrorCode =
  | 'FOLDER_NOT_FOUND'
  | 'NOT_A_FOLDER'
  | 'FOLDER_UNREADABLE'
  | 'NO_CLASS_FOLDERS'
  | 'TOO_FEW_CLASSES'
  | 'EMPTY_CLASS'
  | 'CLASS_MISMATCH'
  | 'INVALID_OPTIONS'
  | 'FILE_CHANGED'
  | 'DATASET_CLOSED'
  | 'SAMPLE_DATA_MISSING'
  | 'ABORTED';

export class DatasetError extends Error {
  override readonly name = 'DatasetError';
  /** `message` says what went wrong; `hint` says how to fix it (also appended to `message`). */
  constructor(
    readonly code: DatasetErrorCode,
    problem: string,
    readonly hint: string,
    readonly details: readonly string[] = [],
  ) {
    super(`${problem} ${hint}`);
  }
}

/** Why a file was skipped; the report groups skipped files by these. */
export type SkipReason = 'empty' | 'not-an-image' | 'unsupported-format' | 'truncated' | 'unreadable';

export const SKIP_REASON_LABELS: Record<SkipReason, string> = {
  empty: 'empty file',
  'not-an-image': 'not an image',
  'unsupported-format': 'unsupported format',
  truncated: 'truncated',
  unreadable: 'unreadable',
};

export class ImageReadError extends Error {
  override readonly name = 'ImageReadError';
  constructor(
    readonly reason: SkipReason,
    message: string,
  ) {
    super(message);
  }
}

export function isImageReadError(e: unknown): e is ImageReadError {
  return e instanceof ImageReadError;
}
