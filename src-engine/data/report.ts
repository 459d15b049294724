/** The dataset report: what the folder holds and what was skipped, available before training. */
import type { ColorMode, SourceImageInfo } from './decode-image';
import type { SkipReason } from './errors';
import type { ImageFormat } from './image-format';
import type { ImagePreprocessing } from './preprocessing';

export type DatasetFolder = 'dataset' | 'validation';

export interface FileRef {
  path: string;
  /** Relative to its folder, '/'-separated. */
  relativePath: string;
  folder: DatasetFolder;
}

export interface SkippedFile extends FileRef {
  reason: SkipReason;
  message: string;
}

export interface ExtensionMismatch extends FileRef {
  extensionFormat: ImageFormat;
  detectedFormat: ImageFormat;
}

export interface DuplicateGroup {
  /** SHA-1 of the file bytes. */
  hash: string;
  files: Array<FileRef & { className: string; split: 'train' | 'validation' }>;
  /** The same bytes under different classes: at least one label is wrong. */
  conflictingLabels: boolean;
  /** Copies in both training and validation: validation accuracy is inflated. */
  crossSplit: boolean;
}

export interface ClassSummary {
  name: string;
  index: number;
  train: number;
  validation: number;
  total: number;
  skipped: number;
}

export interface DatasetReport {
  directory: string;
  validationDirectory?: string;
  classNames: string[];
  classes: ClassSummary[];
  preprocessing: ImagePreprocessing;
  split: { mode: 'folder' | 'fraction' | 'none'; fraction: number; seed: number };
  totals: {
    candidates: number;
    usable: number;
    skipped: number;
    train: number;
    validation: number;
    topLevelFiles: number;
    otherFiles: number;
    hidden: number;
  };
  /** max/min class size over usable images; `warning` when ratio ≥ threshold. */
  imbalance: { ratio: number; largest: string; smallest: string; threshold: number; warning: boolean };
  /** Source sizes as a histogram, most common first (at most `SIZE_BINS`; the rest summed in `otherSizes`). */
  imageSizes: Array<{ width: number; height: number; count: number }>;
  otherSizes: { distinct: number; count: number };
  sizeRange: { minWidth: number; maxWidth: number; minHeight: number; maxHeight: number };
  colorModes: Array<{ mode: ColorMode; channels: number; count: number }>;
  formats: Array<{ format: ImageFormat; count: number }>;
  skipped: SkippedFile[];
  extensionMismatches: ExtensionMismatch[];
  duplicates: { groups: DuplicateGroup[]; extraCopies: number; crossSplitGroups: number; conflictingGroups: number };
  topLevelFiles: FileRef[];
  otherFiles: FileRef[];
  unreadableFolders: Array<{ folder: DatasetFolder; path: string; message: string }>;
  memory: {
    sampleBytes: number;
    datasetBytes: number;
    budgetBytes: number;
    cachedSamples: number;
    mode: 'cached' | 'streaming';
    workers: number;
  };
  warnings: string[];
}

export const SIZE_BINS = 20;

const CHANNELS: Record<ColorMode, number> = { grayscale: 1, 'grayscale+alpha': 2, rgb: 3, rgba: 4, cmyk: 4 };

const sortedCounts = <K>(m: Map<K, number>): Array<[K, number]> => [...m].sort((a, b) => b[1] - a[1]);

/** Accumulates per-image statistics as the first decoding pass reports each file. */
export class ImageStatistics {
  private readonly sizes = new Map<string, number>();
  private readonly modes = new Map<ColorMode, number>();
  private readonly formatCounts = new Map<ImageFormat, number>();
  private range = { minWidth: Infinity, maxWidth: 0, minHeight: Infinity, maxHeight: 0 };

  add(s: SourceImageInfo): void {
    const key = `${s.width}x${s.height}`;
    this.sizes.set(key, (this.sizes.get(key) ?? 0) + 1);
    this.modes.set(s.mode, (this.modes.get(s.mode) ?? 0) + 1);
    this.formatCounts.set(s.format, (this.formatCounts.get(s.format) ?? 0) + 1);
    const r = this.range;
    this.range = {
      minWidth: Math.min(r.minWidth, s.width),
      maxWidth: Math.max(r.maxWidth, s.width),
      minHeight: Math.min(r.minHeight, s.height),
      maxHeight: Math.max(r.maxHeight, s.height),
    };
  }

  summary(): Pick<DatasetReport, 'imageSizes' | 'otherSizes' | 'sizeRange' | 'colorModes' | 'formats'> {
    const sizes = sortedCounts(this.sizes);
    const rest = sizes.slice(SIZE_BINS);
    return {
      imageSizes: sizes.slice(0, SIZE_BINS).map(([k, count]) => {
        const [width, height] = k.split('x').map(Number);
        return { width, height, count };
      }),
      otherSizes: { distinct: rest.length, count: rest.reduce((s, [, c]) => s + c, 0) },
      sizeRange: Number.isFinite(this.range.minWidth)
        ? this.range
        : { minWidth: 0, maxWidth: 0, minHeight: 0, maxHeight: 0 },
      colorModes: sortedCounts(this.modes).map(([mode, count]) => ({ mode, channels: CHANNELS[mode], count })),
      formats: sortedCounts(this.formatCounts).map(([format, count]) => ({ format, count })),
    };
  }
}

export function imbalanceOf(
  classNames: readonly string[],
  counts: readonly number[],
  threshold: number,
): DatasetReport['imbalance'] {
  let largest = 0;
  let smallest = 0;
  counts.forEach((n, c) => {
    if (n > counts[largest]) largest = c;
    if (n < counts[smallest]) smallest = c;
  });
  const ratio = counts[smallest] > 0 ? counts[largest] / counts[smallest] : Infinity;
  return {
    ratio,
    largest: classNames[largest],
    smallest: classNames[smallest],
    threshold,
    warning: ratio >= threshold,
  };
}

/** Groups files with identical bytes. `hashes[i]` for sample i; `describe(i)` gives its file, class and split. */
export function findDuplicates(
  hashes: readonly string[],
  describe: (i: number) => DuplicateGroup['files'][number] & { label: number },
): DatasetReport['duplicates'] {
  const byHash = new Map<string, number[]>();
  hashes.forEach((h, i) => {
    const list = byHash.get(h);
    if (list) list.push(i);
    else byHash.set(h, [i]);
  });
  const groups: DuplicateGroup[] = [];
  let extraCopies = 0;
  for (const [hash, members] of byHash) {
    if (members.length < 2) continue;
    const files = members.map(describe);
    extraCopies += members.length - 1;
    groups.push({
      hash,
      files: files.map(({ label: _label, ...f }) => f),
      conflictingLabels: new Set(files.map((f) => f.label)).size > 1,
      crossSplit: new Set(files.map((f) => f.split)).size > 1,
    });
  }
  return {
    groups,
    extraCopies,
    crossSplitGroups: groups.filter((g) => g.crossSplit).length,
    conflictingGroups: groups.filter((g) => g.conflictingLabels).length,
  };
}
