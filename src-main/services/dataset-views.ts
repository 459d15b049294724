// dataset:report and dataset:preview: what a dataset holds, and a few of its samples as the model sees them.
import {
  type AugmentationOptions,
  type DatasetSplit,
  formatDatasetReport,
  type ImageFolderDataset,
} from '../../src-engine/node';
import { augmentInto, drawAugmentation, isIdentityAugmentation } from '../../src-engine';
import type { DatasetSettingsPayload, InvokeParsedArgs, InvokeResult, Thumbnail } from '../../src-shared';
import { DatasetCache } from './dataset-cache';

/** Runs in the engine worker: dataset paths arrive resolved (the main process turns null into the sample's folder). */
export class DatasetViews {
  private readonly cache = new DatasetCache(2);

  async open<T>(
    dataset: DatasetSettingsPayload,
    split: { validationSplit: number; seed: number },
    task: (d: ImageFolderDataset, dir: string) => Promise<T>,
    refresh = false,
  ): Promise<T> {
    const dir = dataset.path;
    if (dir === null) throw new Error('DatasetViews needs a resolved dataset path (DatasetFolders.resolveSettings)');
    return this.cache.use(
      { dir, validationDir: dataset.validationPath, preprocessing: dataset.preprocessing, ...split },
      (d) => task(d, dir),
      refresh,
    );
  }

  dispose(): Promise<void> {
    return this.cache.dispose();
  }

  report({
    dataset,
    validationSplit,
    seed,
    refresh,
  }: InvokeParsedArgs<'dataset:report'>): Promise<InvokeResult<'dataset:report'>> {
    return this.open(
      dataset,
      { validationSplit, seed },
      async (d, path) => ({ path, report: d.report, text: formatDatasetReport(d.report) }),
      refresh,
    );
  }

  /**
   * The first `perClass` samples of each class (training split
   * first), with the project's augmentation when asked (draw `seed`).
   */
  preview({
    dataset,
    perClass,
    augmented,
    seed,
  }: InvokeParsedArgs<'dataset:preview'>): Promise<InvokeResult<'dataset:preview'>> {
    // The split does not matter for a preview: any settings already open are reused.
    return this.open(dataset, { validationSplit: 0.2, seed: 42 }, async (d, path) => {
      const samples: Thumbnail[] = [];
      for (let label = 0; label < d.classNames.length; label++) {
        const picks = [...positionsOf(d.train, label, perClass), ...positionsOf(d.validation, label, perClass)].slice(
          0,
          perClass,
        );
        for (const { split, position } of picks) {
          const sample = await split.sample(position);
          const [height, width, channels] = d.inputShape;
          const pixels = augmented
            ? augment(sample.pixels, d.inputShape, dataset.augmentation, seed, split.sampleIndices[position])
            : new Uint8Array(sample.pixels);
          samples.push({
            className: d.classNames[label],
            label,
            file: sample.path,
            split: split.name,
            augmented,
            height,
            width,
            channels,
            pixels,
          });
        }
      }
      return { path, classNames: [...d.classNames], samples };
    });
  }
}

function positionsOf(split: DatasetSplit, label: number, limit: number): { split: DatasetSplit; position: number }[] {
  const out: { split: DatasetSplit; position: number }[] = [];
  for (let p = 0; p < split.size && out.length < limit; p++)
    if (split.labels[p] === label) out.push({ split, position: p });
  return out;
}

/** The data module's augmentation (the same draw training makes for this sample in epoch `epoch`), as uint8. */
function augment(
  pixels: Uint8Array,
  [h, w, c]: readonly [number, number, number],
  options: AugmentationOptions,
  epoch: number,
  sample: number,
): Uint8Array<ArrayBuffer> {
  if (isIdentityAugmentation(options)) return new Uint8Array(pixels);
  const out = new Float32Array(pixels.length);
  augmentInto(pixels, h, w, c, drawAugmentation(options, h, w, 0, epoch, sample), options, out, 0);
  return Uint8Array.from(out, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
}
