// Test fixtures for the ML channels: small image folders of real MNIST digits, a small CNN project, and a
// small stand-in for the bundled sample digits (the real one writes 10,000 PNGs).
import { join } from 'node:path';
import { encodeImage, mnistDigits, writeTree } from '../../src-engine/data/testing/fixtures';
import { ensureDigitFolder, SAMPLE_DATASET_NAME, type MnistDigit } from '../../src-engine/data/sample-dataset';
import { sequential } from '../../src-engine/model/graph';
import { encodeWeights, newProject, type ProjectFile } from '../../src-engine/model/project-file';
import { randomWeights } from '../../src-engine/export/export-fixtures.test-support';
import { DatasetSettingsSchema, TrainingSettingsSchema, type TrainingSettings } from '../../src-engine/model/settings';
import type { TrainingJobInput } from '../../src-shared';

/** Writes `perClass` real digits of each class in `digits` as PNGs under root/digit-<d>/. */
export async function writeDigitFolder(
  root: string,
  digits: readonly number[],
  perClass: number,
  offset = 0,
): Promise<string> {
  const all = mnistDigits(perClass, offset);
  const files: Record<string, Uint8Array> = {};
  for (const d of digits)
    for (const [i, img] of all[d].entries())
      files[`digit-${d}/${String(i).padStart(3, '0')}.png`] = await encodeImage(img, 'png');
  await writeTree(root, files);
  return root;
}

/** Puts `perClass` digits of each class where the services look for the sample (dataset.path null). */
export async function writeSmallSample(datasetCacheDir: string, perClass: number): Promise<string> {
  const digits = mnistDigits(perClass);
  const load = (): MnistDigit[] =>
    digits.map((images) => ({
      raw: images.flatMap((img) => Array.from(img.data, (v) => v / 255)),
      length: images.length,
    }));
  return ensureDigitFolder(join(datasetCacheDir, SAMPLE_DATASET_NAME), load);
}

/** A small CNN on 28×28×1 ending in Dense(units, softmax): Conv2D (n1), MaxPooling2D (n2), Dense (n4). */
export function smallCnn(units: number): ProjectFile {
  return newProject(
    sequential('small_cnn', [
      { className: 'InputLayer', params: { shape: [28, 28, 1] } },
      { className: 'Conv2D', params: { filters: 4, kernelSize: 3, strides: 2, activation: 'relu' } },
      { className: 'MaxPooling2D', params: { poolSize: 2 } },
      { className: 'Flatten' },
      { className: 'Dense', params: { units, activation: 'softmax' } },
    ]),
  );
}

/** smallCnn(units) trained-looking (random weights, classes digit-0…), with `values` at the start of one weight. */
export function poisonedCnn(units: number, layer: string, weight: string, values: number[]): ProjectFile {
  const project = smallCnn(units);
  const weights = randomWeights(project.graph, 3);
  weights
    .get(project.graph.nodes.find((n) => n.name === layer)!.id)!
    .get(weight)!
    .values.set(values);
  return {
    ...project,
    weights: encodeWeights(weights),
    classNames: Array.from({ length: units }, (_, d) => `digit-${d}`),
  };
}

export const digitDataset = (path: string | null) =>
  DatasetSettingsSchema.parse({ path, preprocessing: { height: 28, width: 28, channels: 1 } });

export function trainingJob(
  project: ProjectFile,
  path: string | null,
  settings: Partial<TrainingSettings> = {},
): TrainingJobInput {
  return {
    project,
    settings: TrainingSettingsSchema.parse({
      epochs: 2,
      batchSize: 16,
      learningRate: 0.01,
      validationSplit: 0.25,
      seed: 3,
      ...settings,
    }),
    dataset: digitDataset(path),
  };
}
