import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeImage, makeTempDir, mnistDigits, writeTree } from '../data/testing/fixtures';
import { sequential } from '../model/graph';
import { newProject, type ProjectFile } from '../model/project-file';
import { TrainingSettingsSchema } from '../model/settings';
import { runTraining, TrainingSetupError } from './training-run';

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('fb-train-'));
  const digits = mnistDigits(40);
  const files: Record<string, Uint8Array> = {};
  for (const d of [0, 1, 7])
    for (const [i, img] of digits[d].entries()) files[`digit-${d}/${i}.png`] = await encodeImage(img, 'png');
  files['digit-1/broken.png'] = new TextEncoder().encode('not a png');
  await writeTree(join(dir, 'data'), files);
});
afterAll(() => cleanup());

const model = (units: number): ProjectFile =>
  newProject(
    sequential('m', [
      { className: 'InputLayer', params: { shape: [28, 28, 1] } },
      { className: 'Conv2D', params: { filters: 4, kernelSize: 3, strides: 2, activation: 'relu' } },
      { className: 'MaxPooling2D', params: { poolSize: 2 } },
      { className: 'Flatten' },
      { className: 'Dense', params: { units, activation: 'softmax' } },
    ]),
  );

const settings = TrainingSettingsSchema.parse({
  epochs: 3,
  batchSize: 16,
  learningRate: 0.01,
  validationSplit: 0.25,
  seed: 3,
});

describe('runTraining on an image folder', () => {
  it('trains, streams feature maps, reports skipped files and returns the trained project', async () => {
    const batches: number[] = [];
    const maps: string[][] = [];
    let started: { classNames: string[]; trainSize: number; validationSize: number; skipped: unknown[] } | null = null;
    const result = await runTraining({
      project: model(3),
      dataDir: join(dir, 'data'),
      settings,
      onStart: (info) => (started = info),
      onBatchEnd: (info) => batches.push(info.batch),
      featureMaps: {
        nodeIds: [],
        due: () => maps.length < 2,
        emit: (_step, m, kernels) => maps.push([...m.keys(), ...[...kernels.keys()].map((k) => `${k}:kernel`)]),
      },
    });
    expect(started).toMatchObject({ classNames: ['digit-0', 'digit-1', 'digit-7'], trainSize: 90, validationSize: 30 });
    expect(started!.skipped).toHaveLength(1);
    expect(result.fit.stopReason).toBe('completed');
    expect(result.project.history).toHaveLength(3);
    expect(result.project.history[2].valAccuracy!).toBeGreaterThan(0.6);
    expect(result.project.classNames).toEqual(['digit-0', 'digit-1', 'digit-7']);
    expect(Object.keys(result.project.weights!)).toEqual(['n1', 'n4']);
    expect(maps[0]).toEqual(['n1', 'n2', 'n1:kernel']);
    expect(result.skipped[0].relativePath).toBe('digit-1/broken.png');
    // Continuing training keeps the history.
    const again = await runTraining({
      project: result.project,
      dataDir: join(dir, 'data'),
      settings: { ...settings, epochs: 1 },
    });
    expect(again.project.history.map((h) => h.epoch)).toEqual([0, 1, 2, 3]);
  });

  it('explains a model whose output does not match the classes', async () => {
    await expect(runTraining({ project: model(10), dataDir: join(dir, 'data'), settings })).rejects.toThrow(
      TrainingSetupError,
    );
    await expect(runTraining({ project: model(10), dataDir: join(dir, 'data'), settings })).rejects.toThrow(
      /outputs \(None, 10\) but the dataset has 3 classes/,
    );
  });
});
