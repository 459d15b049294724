import { DatasetError, formatDatasetReport, openImageFolderDataset, preprocessingFor } from '../../../src-engine/node';
import { compileModel, PreprocessingSchema } from '../../../src-engine';
import { UsageError } from '../args';
import type { CliCommand } from '../command';
import { datasetUsageError, resolveDataFolder } from '../data-folder';
import { readModelFile } from '../model-file';

function parseSize(value: unknown): { height: number; width: number; channels: number } {
  const m = typeof value === 'string' ? /^(\d+)x(\d+)x([134])$/.exec(value) : null;
  if (!m)
    throw new UsageError(
      `dataset: --size must look like 28x28x1 (height x width x channels, channels 1, 3 or 4), got '${String(value)}'`,
    );
  const size = { height: Number(m[1]), width: Number(m[2]), channels: Number(m[3]) };
  for (const field of ['height', 'width'] as const) {
    const { minValue, maxValue } = PreprocessingSchema.shape[field];
    if (size[field] < (minValue ?? 1) || size[field] > (maxValue ?? Infinity)) {
      throw new UsageError(
        `dataset: --size ${field} ${m[field === 'height' ? 1 : 2]} is outside the ${minValue} to ${maxValue} ` +
          `pixels Filterbank reads images at`,
      );
    }
  }
  return size;
}

export const datasetCommand: CliCommand = {
  name: 'dataset',
  usage: 'dataset DIR [--model FILE | --size HxWxC] [--validation-data DIR] [--validation-split F] [--json]',
  description: 'Report what an image folder holds: classes, imbalance, sizes, skipped files and duplicates.',
  options: {
    json: { type: 'flag', help: 'Print the report as one JSON object.' },
    model: { type: 'string', help: "Take the input size and channels from this model's InputLayer." },
    size: { type: 'string', help: "Input size as HxWxC (default 28x28x1, or the model's)." },
    'validation-data': { type: 'string', help: 'A separate validation folder with the same classes.' },
    'validation-split': { type: 'number', help: 'Fraction of each class held out for validation (default 0).' },
    seed: { type: 'int', help: 'Seed of the split (default 1337).' },
  },
  async run({ options, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('dataset: give exactly one folder (or "sample")');
    const dir = await resolveDataFolder(positionals[0], 'data', io);
    let size = { height: 28, width: 28, channels: 1 };
    if (options.model) {
      const { project } = await readModelFile(String(options.model));
      const { height, width, channels } = preprocessingFor(compileModel(project.graph), null);
      size = { height, width, channels };
    } else if (options.size) size = parseSize(options.size);
    const validationDir = options['validation-data']
      ? await resolveDataFolder(options['validation-data'], 'validation-data', io)
      : undefined;
    try {
      const dataset = await openImageFolderDataset(dir, {
        preprocessing: PreprocessingSchema.parse(size),
        ...(validationDir
          ? { validationDir }
          : { validationSplit: (options['validation-split'] as number | undefined) ?? 0 }),
        ...(options.seed !== undefined ? { seed: options.seed as number } : {}),
      });
      await dataset.close();
      io.out(options.json ? JSON.stringify(dataset.report) : formatDatasetReport(dataset.report));
      return 0;
    } catch (e) {
      if (e instanceof DatasetError) throw datasetUsageError('dataset', e);
      throw e;
    }
  },
};
