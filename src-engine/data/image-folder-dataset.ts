/**
 * An image-classification dataset from folders (one sub-folder per class, as Keras' image_dataset_from_directory):
 * scanned, decoded once in parallel (bad files skipped and reported), cached as uint8 within a memory budget or
 * streamed past it, split (stratified, seeded) or paired with a validation folder, served as float32 NHWC batches.
 */
import path from 'node:path';
import { parseAugmentation, type AugmentationOptions } from './augmentation';
import { parseDatasetNumbers, type OpenImageFolderOptions } from './dataset-options';
import { DatasetSplit, type SplitContext } from './dataset-split';
import { DecodePool } from './decode-pool';
import { DatasetError } from './errors';
import { decodeAllFiles, type FileOutcome } from './first-pass';
import { parsePreprocessing, sampleBytes, type ImagePreprocessing } from './preprocessing';
import { buildDatasetReport, type CandidateFile, type SampleTable } from './build-report';
import type { DatasetFolder, DatasetReport } from './report';
import { SampleCache } from './sample-cache';
import { checkClasses, listImageFolder, type FolderScan } from './scan';
import { stratifiedSplit } from './split';

export interface ImageFolderDataset {
  readonly report: DatasetReport;
  readonly classNames: readonly string[];
  readonly preprocessing: ImagePreprocessing;
  readonly augmentation?: AugmentationOptions;
  /** [height, width, channels] of one sample. */
  readonly inputShape: readonly [number, number, number];
  readonly train: DatasetSplit;
  /** Empty (size 0) when neither a validation folder nor a split was asked for. */
  readonly validation: DatasetSplit;
  /** Every sample is in memory (no decoding after opening). */
  readonly cached: boolean;
  close(): Promise<void>;
}

function compareClassLists(main: FolderScan, validation: FolderScan): void {
  const missing = main.classNames.filter((n) => !validation.classNames.includes(n));
  const extra = validation.classNames.filter((n) => !main.classNames.includes(n));
  if (missing.length === 0 && extra.length === 0) return;
  const parts = [
    missing.length ? `missing from the validation folder: ${missing.map((n) => `"${n}"`).join(', ')}` : '',
    extra.length ? `only in the validation folder: ${extra.map((n) => `"${n}"`).join(', ')}` : '',
  ].filter(Boolean);
  throw new DatasetError(
    'CLASS_MISMATCH',
    `The validation folder ${validation.root} does not have the same classes as ${main.root} (${parts.join('; ')}).`,
    'Give both folders the same class sub-folders, spelled identically (names are case-sensitive).',
    [...missing, ...extra],
  );
}

/** Fails with EMPTY_CLASS when decoding left a class without a usable image (all its files skipped), naming them. */
function checkUsable(scan: FolderScan, folder: DatasetFolder, files: CandidateFile[], outcomes: FileOutcome[]): void {
  const usable = new Array<number>(scan.classNames.length).fill(0);
  files.forEach((f, i) => {
    if (f.folder === folder && outcomes[i].ok) usable[f.classIndex]++;
  });
  const empty = scan.classNames.filter((_, c) => usable[c] === 0);
  if (empty.length === 0) return;
  const bad = files.flatMap((f, i) => {
    const o = outcomes[i];
    return f.folder === folder && !o.ok && usable[f.classIndex] === 0
      ? [`${f.relativePath}: ${o.reason} (${o.message})`]
      : [];
  });
  const list = `${bad.slice(0, 10).join('\n  ')}${bad.length > 10 ? `\n  … and ${bad.length - 10} more` : ''}`;
  throw new DatasetError(
    'EMPTY_CLASS',
    `The ${folder} folder ${scan.root} has ${empty.length === 1 ? 'a class' : 'classes'} ` +
      `without usable images: ${empty.map((n) => `"${n}"`).join(', ')}. Every ` +
      `image file in ${empty.length === 1 ? 'it' : 'them'} was skipped:\n  ${list}\n`,
    'Replace the unreadable files with valid PNG, JPEG, WebP, GIF, BMP or TIFF images, or remove the class folder.',
    empty,
  );
}

export async function openImageFolderDataset(
  dir: string,
  options: OpenImageFolderOptions,
): Promise<ImageFolderDataset> {
  const preprocessing = parsePreprocessing(options.preprocessing);
  const augmentation = options.augmentation === undefined ? undefined : parseAugmentation(options.augmentation);
  const numbers = parseDatasetNumbers(options);
  options.onProgress?.({ phase: 'scanning', done: 0, total: 0 });
  const main = await listImageFolder(dir, 'dataset');
  checkClasses(main, 'dataset');
  let validation: FolderScan | undefined;
  if (options.validationDir !== undefined) {
    validation = await listImageFolder(options.validationDir, 'validation');
    compareClassLists(main, validation);
    checkClasses(validation, 'validation');
  }
  const files: CandidateFile[] = [
    ...main.files.map((f) => ({ ...f, folder: 'dataset' as const })),
    ...(validation?.files ?? []).map((f) => ({ ...f, folder: 'validation' as const })),
  ];
  const bytes = sampleBytes(preprocessing);
  const capacity = Math.floor(numbers.memoryBudgetBytes / bytes);
  const cache = new SampleCache(files.length, bytes, capacity);
  const pool = await DecodePool.create({ workers: numbers.workers, workerUrl: options.workerUrl });
  try {
    const outcomes = await decodeAllFiles(files, pool, preprocessing, cache, options);
    checkUsable(main, 'dataset', files, outcomes);
    if (validation) checkUsable(validation, 'validation', files, outcomes);

    const fileOf = Int32Array.from(files.flatMap((_, i) => (outcomes[i].ok ? [i] : [])));
    const labels = fileOf.map((i) => files[i].classIndex);
    const table: SampleTable = { files, outcomes, fileOf, labels };
    let split;
    if (validation) {
      const isVal = (s: number): boolean => files[fileOf[s]].folder === 'validation';
      const all = Array.from(fileOf.keys());
      split = { train: Int32Array.from(all.filter((s) => !isVal(s))), validation: Int32Array.from(all.filter(isVal)) };
    } else {
      split = stratifiedSplit(
        labels,
        Array.from(fileOf, (i) => files[i].relativePath),
        main.classNames.length,
        numbers.validationSplit,
        numbers.seed,
      );
    }
    const cached = cache.cachedCount === fileOf.length;
    const report = buildDatasetReport({
      main,
      validation,
      table,
      split,
      preprocessing,
      numbers,
      cache,
      workers: pool.size,
      poolWarning: pool.startupError,
    });
    if (cached) await pool.close(); // nothing left to decode: give the workers' memory back
    return new OpenDataset(
      report,
      main.classNames,
      preprocessing,
      augmentation,
      table,
      split,
      cache,
      cached ? undefined : pool,
      numbers,
    );
  } catch (e) {
    await pool.close();
    throw e;
  }
}

class OpenDataset implements ImageFolderDataset {
  readonly train: DatasetSplit;
  readonly validation: DatasetSplit;
  readonly inputShape: readonly [number, number, number];
  readonly cached: boolean;
  private closed = false;

  constructor(
    readonly report: DatasetReport,
    readonly classNames: readonly string[],
    readonly preprocessing: ImagePreprocessing,
    readonly augmentation: AugmentationOptions | undefined,
    private readonly table: SampleTable,
    split: { train: Int32Array; validation: Int32Array },
    private cache: SampleCache | undefined,
    private pool: DecodePool | undefined,
    numbers: { seed: number; readAheadBatches: number },
  ) {
    this.inputShape = [preprocessing.height, preprocessing.width, preprocessing.channels];
    this.cached = pool === undefined;
    const ctx: SplitContext = {
      shape: [preprocessing.height, preprocessing.width, preprocessing.channels],
      augmentation,
      seed: numbers.seed,
      readAheadBatches: numbers.readAheadBatches,
      numClasses: classNames.length,
      pixelsOf: (s) => this.pixelsOf(s),
      pathOf: (s) => table.files[table.fileOf[s]].path,
      checkOpen: () => this.checkOpen(),
    };
    this.train = new DatasetSplit('train', split.train, table.labels, ctx);
    this.validation = new DatasetSplit('validation', split.validation, table.labels, ctx);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.cache = undefined;
    await this.pool?.close();
    this.pool = undefined;
  }

  private checkOpen(): void {
    if (this.closed)
      throw new DatasetError(
        'DATASET_CLOSED',
        'The dataset was closed.',
        'Open it again with openImageFolderDataset().',
      );
  }

  private async pixelsOf(sample: number): Promise<Uint8Array> {
    this.checkOpen();
    const file = this.table.fileOf[sample];
    const hit = this.cache?.get(file);
    if (hit) return hit;
    const { path: filePath, relativePath } = this.table.files[file];
    const r = await this.pool!.run({ path: filePath, preprocessing: this.preprocessing, hash: false, pixels: true });
    this.checkOpen();
    if (!r.ok || !r.pixels) {
      const why = r.ok ? 'no pixels' : `${r.reason}: ${r.message}`;
      throw new DatasetError(
        'FILE_CHANGED',
        `${relativePath} could not be read again (${why}).`,
        `It changed or was removed after the dataset was opened (${path.dirname(filePath)}); open the dataset again.`,
      );
    }
    return r.pixels;
  }
}
