// model:evaluate and model:predict through the router, on a project trained by src-engine's runTraining.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWeights, newProject, type ProjectFile } from '../../src-engine/model/project-file';
import { sequential } from '../../src-engine/model/graph';
import { randomWeights } from '../../src-engine/export/export-fixtures.test-support';
import { TrainingSettingsSchema } from '../../src-engine/model/settings';
import { runTraining, type TrainingRunResult } from '../../src-engine/node/training-run';
import type { InvokeResult } from '../../src-shared';
import { createTestHost, type TestHost } from './test-services';
import { digitDataset, smallCnn, writeDigitFolder } from '../testing/ml-fixtures';

let h: TestHost;
let digits: string;
let trained: TrainingRunResult;
let project: ProjectFile;
beforeAll(async () => {
  h = await createTestHost();
  digits = await writeDigitFolder(join(h.dataDir, 'digits'), [0, 1, 7], 20);
  const settings = TrainingSettingsSchema.parse({
    epochs: 3,
    batchSize: 8,
    learningRate: 0.01,
    validationSplit: 0.25,
    seed: 5,
  });
  trained = await runTraining({
    project: { ...smallCnn(3), dataset: digitDataset(digits) },
    dataDir: digits,
    settings,
  });
  project = trained.project;
});
afterAll(() => h.dispose());

const evaluate = async (subset: 'validation' | 'all', p: unknown = project, path = digits) =>
  (await h.call('model:evaluate', {
    project: p,
    dataset: digitDataset(path),
    subset,
  })) as InvokeResult<'model:evaluate'>;

describe('model:evaluate', () => {
  it('matches the last epoch of training on the validation split, with a consistent confusion matrix', async () => {
    const report = await evaluate('validation');
    const last = trained.fit.history.at(-1)!;
    expect(report.samples).toBe(15);
    expect(report.loss).toBeCloseTo(last.valLoss!, 5);
    expect(report.accuracy).toBeCloseTo(last.valAccuracy!, 10);
    expect(report.classNames).toEqual(['digit-0', 'digit-1', 'digit-7']);
    expect(report.confusion.flat().reduce((a, b) => a + b)).toBe(15);
    expect(report.support).toEqual(report.confusion.map((row) => row.reduce((a, b) => a + b)));
    expect(report.support).toEqual([5, 5, 5]);
    const trace = report.confusion.reduce((sum, row, c) => sum + row[c]!, 0);
    expect(report.accuracy).toBe(trace / 15);
    report.recall.forEach((r, c) => expect(r).toBe(report.confusion[c]![c]! / report.support[c]!));
    expect(report.misclassifiedCount).toBe(15 - trace);
    expect(report.misclassified).toHaveLength(15 - trace);
    for (const m of report.misclassified) {
      expect(m.file.startsWith(join(digits, report.classNames[m.label]!))).toBe(true);
      expect(m.predicted).not.toBe(m.label);
      expect(m.probabilities.indexOf(Math.max(...m.probabilities))).toBe(m.predicted);
      expect(m.probabilities.reduce((a, b) => a + b)).toBeCloseTo(1, 5);
    }
  });

  it('evaluates every sample with subset all', async () => {
    const report = await evaluate('all');
    expect(report.samples).toBe(60);
    expect(report.support).toEqual([20, 20, 20]);
  });

  it('refuses untrained projects and datasets with other classes, saying why', async () => {
    await expect(evaluate('validation', smallCnn(3))).rejects.toMatchObject({
      code: 'invalid-model',
      message: expect.stringMatching(/no trained weights/),
      hint: expect.stringMatching(/Train/),
    });
    const other = await writeDigitFolder(join(h.dataDir, 'other'), [2, 3, 4], 4);
    await expect(evaluate('validation', project, other)).rejects.toMatchObject({
      code: 'invalid-dataset',
      message: expect.stringMatching(/trained on the classes digit-0, digit-1, digit-7/),
    });
    const noValidation = { ...project, training: { ...project.training!, validationSplit: 0 } };
    await expect(evaluate('validation', noValidation)).rejects.toMatchObject({
      code: 'invalid-dataset',
      hint: expect.stringMatching(/all samples/),
    });
  });
});

describe('model:predict', () => {
  it('gives the same probabilities as evaluation for a file, and for the same file dropped as bytes', async () => {
    // 3 epochs on 45 digits leave a few training digits misclassified (4 with this seed): predict one of them.
    const sample = (await evaluate('all')).misclassified[0]!;
    expect(sample).toBeDefined();
    const file = sample.file;
    const fromFile = (await h.call('model:predict', {
      project,
      image: { kind: 'file', path: file },
    })) as InvokeResult<'model:predict'>;
    const bytes = new Uint8Array(await readFile(file));
    const fromBytes = (await h.call('model:predict', {
      project,
      image: { kind: 'bytes', name: 'drop.png', data: bytes },
    })) as InvokeResult<'model:predict'>;
    expect(fromBytes.probabilities).toEqual(fromFile.probabilities);
    expect(fromFile.probabilities.reduce((a, b) => a + b)).toBeCloseTo(1, 5);
    expect(fromFile.predicted).toBe(fromFile.probabilities.indexOf(Math.max(...fromFile.probabilities)));
    sample.probabilities.forEach((p, c) => expect(fromFile.probabilities[c]).toBeCloseTo(p, 5));
    expect(fromFile).toMatchObject({
      classNames: ['digit-0', 'digit-1', 'digit-7'],
      height: 28,
      width: 28,
      channels: 1,
    });
    expect(Array.from(fromFile.pixels)).toEqual(
      Array.from(new Uint8Array(await sharp(file).toColourspace('b-w').raw().toBuffer())),
    );
  });

  it('adds a Grad-CAM map when asked: the last conv layer, the predicted class or the one asked for', async () => {
    const file = (await evaluate('all')).misclassified[0]!.file;
    const image = { kind: 'file' as const, path: file };
    const plain = (await h.call('model:predict', { project, image })) as InvokeResult<'model:predict'>;
    expect(plain.gradCam).toBeNull();
    const asked = (await h.call('model:predict', { project, image, gradCam: {} })) as InvokeResult<'model:predict'>;
    // Conv2D 3×3 stride 2 on 28×28 ('valid'): 13×13.
    expect(asked.gradCam).toMatchObject({ layerName: 'conv2d', classIndex: asked.predicted, height: 13, width: 13 });
    expect(asked.gradCam!.heatmap).toBeInstanceOf(Float32Array);
    expect(asked.gradCam!.heatmap).toHaveLength(169);
    expect(Math.max(...asked.gradCam!.heatmap)).toBeLessThanOrEqual(1);
    const other = (asked.predicted + 1) % 3;
    const forOther = (await h.call('model:predict', {
      project,
      image,
      gradCam: { classIndex: other },
    })) as InvokeResult<'model:predict'>;
    expect(forOther.gradCam!.classIndex).toBe(other);
    const dense = project.graph.nodes.find((n) => n.className === 'Dense')!.id;
    const flat = sequential('flat', [
      { className: 'InputLayer', params: { shape: [28, 28, 1] } },
      { className: 'Flatten' },
      { className: 'Dense', params: { units: 3, activation: 'softmax' } },
    ]);
    const noConv = {
      ...newProject(flat),
      weights: encodeWeights(randomWeights(flat, 1)),
      classNames: project.classNames,
    };
    const plainModel = (await h.call('model:predict', {
      project: noConv,
      image,
      gradCam: {},
    })) as InvokeResult<'model:predict'>;
    expect(plainModel.gradCam).toBeNull();
    expect(plainModel.gradCamNote).toMatch(/needs a convolutional layer/);
    await expect(h.call('model:predict', { project, image, gradCam: { classIndex: 3 } })).rejects.toMatchObject({
      message: "Class 3 is outside the model's 3 classes.",
    });
    await expect(h.call('model:predict', { project, image, gradCam: { layer: dense } })).rejects.toMatchObject({
      code: 'invalid-model',
      message: expect.stringMatching(/needs a layer with a height × width × channels output; dense outputs/),
    });
  });

  it('preprocesses any image as recorded in the project (a large RGB photo becomes 28×28 grey)', async () => {
    const photo = join(h.dataDir, 'photo.jpg');
    await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 250, g: 30, b: 30 } } })
      .jpeg()
      .toFile(photo);
    const prediction = (await h.call('model:predict', {
      project,
      image: { kind: 'file', path: photo },
    })) as InvokeResult<'model:predict'>;
    expect(prediction.pixels).toHaveLength(28 * 28);
    expect(prediction.probabilities).toHaveLength(3);
  });

  it('refuses files that are not images, and untrained projects', async () => {
    const text = join(h.dataDir, 'note.png');
    await writeFile(text, 'hello');
    await expect(h.call('model:predict', { project, image: { kind: 'file', path: text } })).rejects.toMatchObject({
      code: 'invalid-image',
      hint: expect.stringMatching(/PNG/),
    });
    await expect(
      h.call('model:predict', { project, image: { kind: 'bytes', name: 'x.bin', data: new Uint8Array([1, 2, 3]) } }),
    ).rejects.toMatchObject({ code: 'invalid-image' });
    await expect(
      h.call('model:predict', { project, image: { kind: 'file', path: join(h.dataDir, 'missing.png') } }),
    ).rejects.toMatchObject({ code: 'invalid-image', message: expect.stringMatching(/cannot read/) });
    await expect(
      h.call('model:predict', {
        project: smallCnn(3),
        image: { kind: 'file', path: join(digits, 'digit-0', '000.png') },
      }),
    ).rejects.toMatchObject({ code: 'invalid-model' });
  });
});
