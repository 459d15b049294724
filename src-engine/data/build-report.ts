/** Assembles the dataset report from the scans and the first pass. */
import path from 'node:path';
import type { DatasetNumbers } from './dataset-options';
import type { FileOutcome } from './first-pass';
import { IMAGE_FORMAT_NAMES } from './image-format';
import { sampleBytes, type ImagePreprocessing } from './preprocessing';
import {
  findDuplicates,
  ImageStatistics,
  imbalanceOf,
  type DatasetFolder,
  type DatasetReport,
  type FileRef,
} from './report';
import type { SampleCache } from './sample-cache';
import type { FolderScan, ScannedFile } from './scan';

export type CandidateFile = ScannedFile & { folder: DatasetFolder };

/** Every candidate file and its outcome; samples are the usable files, `fileOf[sample]` their file index. */
export interface SampleTable {
  files: CandidateFile[];
  outcomes: FileOutcome[];
  fileOf: Int32Array;
  labels: Int32Array;
}

export interface ReportInput {
  main: FolderScan;
  validation?: FolderScan;
  table: SampleTable;
  split: { train: Int32Array; validation: Int32Array };
  preprocessing: ImagePreprocessing;
  numbers: DatasetNumbers;
  cache: SampleCache;
  workers: number;
  poolWarning?: string;
}

const ref = (f: CandidateFile): FileRef => ({ path: f.path, relativePath: f.relativePath, folder: f.folder });
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function buildDatasetReport(r: ReportInput): DatasetReport {
  const { main, validation, table, split, numbers } = r;
  const { files, outcomes, fileOf, labels } = table;
  const classNames = main.classNames;
  const stats = new ImageStatistics();
  const skipped: DatasetReport['skipped'] = [];
  const mismatches: DatasetReport['extensionMismatches'] = [];
  const skippedPerClass = new Array<number>(classNames.length).fill(0);
  files.forEach((f, i) => {
    const o = outcomes[i];
    if (!o.ok) {
      skipped.push({ ...ref(f), reason: o.reason, message: o.message });
      skippedPerClass[f.classIndex]++;
      return;
    }
    stats.add(o.source);
    if (o.source.format !== f.extensionFormat)
      mismatches.push({ ...ref(f), extensionFormat: f.extensionFormat, detectedFormat: o.source.format });
  });

  const splitOf = new Uint8Array(fileOf.length); // 0 train, 1 validation
  for (const s of split.validation) splitOf[s] = 1;
  const classes = classNames.map((name, index) => ({
    name,
    index,
    train: 0,
    validation: 0,
    total: 0,
    skipped: skippedPerClass[index],
  }));
  labels.forEach((c, s) => {
    classes[c].total++;
    if (splitOf[s]) classes[c].validation++;
    else classes[c].train++;
  });
  const imbalance = imbalanceOf(
    classNames,
    classes.map((c) => c.total),
    numbers.imbalanceThreshold,
  );
  const duplicates = findDuplicates(
    Array.from(fileOf, (i) => (outcomes[i] as { hash: string }).hash),
    (s) => {
      const f = files[fileOf[s]];
      return {
        ...ref(f),
        className: classNames[f.classIndex],
        split: splitOf[s] ? 'validation' : 'train',
        label: labels[s],
      };
    },
  );

  const perSample = sampleBytes(r.preprocessing);
  const memory: DatasetReport['memory'] = {
    sampleBytes: perSample,
    datasetBytes: perSample * fileOf.length,
    budgetBytes: numbers.memoryBudgetBytes,
    cachedSamples: fileOf.reduce((n, i) => n + (r.cache.get(i) ? 1 : 0), 0),
    mode: 'cached',
    workers: r.workers,
  };
  memory.mode = memory.cachedSamples === fileOf.length ? 'cached' : 'streaming';

  const topLevelFiles = [
    ...main.topLevelFiles.map((p) => ({ path: path.join(main.root, p), relativePath: p, folder: 'dataset' as const })),
    ...(validation?.topLevelFiles ?? []).map((p) => ({
      path: path.join(validation!.root, p),
      relativePath: p,
      folder: 'validation' as const,
    })),
  ];
  const otherFiles = [
    ...main.otherFiles.map((p) => ({ path: path.join(main.root, p), relativePath: p, folder: 'dataset' as const })),
    ...(validation?.otherFiles ?? []).map((p) => ({
      path: path.join(validation!.root, p),
      relativePath: p,
      folder: 'validation' as const,
    })),
  ];
  const unreadableFolders = [
    ...main.unreadableFolders.map((u) => ({ ...u, folder: 'dataset' as const })),
    ...(validation?.unreadableFolders ?? []).map((u) => ({ ...u, folder: 'validation' as const })),
  ];

  const warnings: string[] = [];
  if (r.poolWarning) warnings.push(r.poolWarning);
  if (skipped.length)
    warnings.push(
      `${plural(skipped.length, 'file')} could not be used and ` +
        `${skipped.length === 1 ? 'was' : 'were'} skipped (listed below).`,
    );
  if (unreadableFolders.length)
    warnings.push(`${plural(unreadableFolders.length, 'folder')} could not be read; their images are missing.`);
  if (imbalance.warning) {
    warnings.push(
      `Classes are imbalanced: "${imbalance.largest}" has ${imbalance.ratio.toFixed(1)}× the images of "` +
        `${imbalance.smallest}". Add images to the small classes, or expect the model to favour the large ones.`,
    );
  }
  if (duplicates.conflictingGroups)
    warnings.push(
      `${plural(duplicates.conflictingGroups, 'set')} of identical files ` +
        `${duplicates.conflictingGroups === 1 ? 'is' : 'are'} filed ` +
        `under different classes: at least one label in each is wrong.`,
    );
  if (duplicates.crossSplitGroups)
    warnings.push(
      `${plural(duplicates.crossSplitGroups, 'set')} of identical files ` +
        `${duplicates.crossSplitGroups === 1 ? 'has' : 'have'} copies in both training and validation: validation ` +
        `accuracy will be optimistic.`,
    );
  if (topLevelFiles.length)
    warnings.push(
      `${plural(topLevelFiles.length, 'file')} outside any class folder ` +
        `${topLevelFiles.length === 1 ? 'was' : 'were'} ignored; move ` +
        `${topLevelFiles.length === 1 ? 'it' : 'them'} into a class folder to use ` +
        `${topLevelFiles.length === 1 ? 'it' : 'them'}.`,
    );
  if (mismatches.length) {
    const m = mismatches[0];
    warnings.push(
      `${plural(mismatches.length, 'file')} ${mismatches.length === 1 ? 'has' : 'have'} an extension that does ` +
        `not match the content (e.g. ${m.relativePath} is ${IMAGE_FORMAT_NAMES[m.detectedFormat]}); read by content.`,
    );
  }
  const splitMode = validation ? 'folder' : numbers.validationSplit > 0 ? 'fraction' : 'none';
  const unvalidated = splitMode === 'fraction' ? classes.filter((c) => c.validation === 0) : [];
  if (unvalidated.length)
    warnings.push(
      `${plural(unvalidated.length, 'class', 'classes')} (${unvalidated.map((c) => `"${c.name}"`).join(', ')}) ` +
        `${unvalidated.length === 1 ? 'is' : 'are'} too small for a validation sample.`,
    );

  return {
    directory: main.root,
    validationDirectory: validation?.root,
    classNames,
    classes,
    preprocessing: r.preprocessing,
    split: { mode: splitMode, fraction: splitMode === 'fraction' ? numbers.validationSplit : 0, seed: numbers.seed },
    totals: {
      candidates: files.length,
      usable: fileOf.length,
      skipped: skipped.length,
      train: split.train.length,
      validation: split.validation.length,
      topLevelFiles: topLevelFiles.length,
      otherFiles: otherFiles.length,
      hidden: main.hiddenCount + (validation?.hiddenCount ?? 0),
    },
    imbalance,
    ...stats.summary(),
    skipped,
    extensionMismatches: mismatches,
    duplicates,
    topLevelFiles,
    otherFiles,
    unreadableFolders,
    memory,
    warnings,
  };
}
