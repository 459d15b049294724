import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeImage, makeTempDir, mnistDigits, writeTree } from '../../src-engine/data/testing/fixtures';
import { sequential } from '../../src-engine/model/graph';
import { newProject, parseProjectFile, serializeProjectFile } from '../../src-engine/model/project-file';
import { describeBackends } from '../../src-engine/backends/selection';
import { runCli } from './index';
import { captureIO } from './test-io';

let dir: string;
let cleanup: () => Promise<void>;
let modelPath: string;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('fb-cli-train-'));
  const digits = mnistDigits(30);
  const files: Record<string, Uint8Array | string> = { 'README.txt': 'top-level files are ignored' };
  for (const d of [0, 1, 4])
    for (const [i, img] of digits[d].entries())
      files[`d${d}/${i}.${i % 3 === 0 ? 'jpg' : 'png'}`] = await encodeImage(img, i % 3 === 0 ? 'jpeg' : 'png');
  files['d4/corrupt.png'] = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
  await writeTree(join(dir, 'data'), files);
  modelPath = join(dir, 'tiny.json');
  const graph = sequential('tiny', [
    { className: 'InputLayer', params: { shape: [28, 28, 1] } },
    { className: 'Conv2D', params: { filters: 4, kernelSize: 3, strides: 2, activation: 'relu' } },
    { className: 'MaxPooling2D', params: { poolSize: 2 } },
    { className: 'Flatten' },
    { className: 'Dense', params: { units: 3, activation: 'softmax' } },
  ]);
  writeFileSync(modelPath, serializeProjectFile(newProject(graph)));
});
afterAll(() => cleanup());

describe('cli train, predict, evaluate, dataset', () => {
  it('trains, then predicts and evaluates with the saved model', async () => {
    const io = captureIO();
    const code = await runCli(
      [
        'train',
        '--model',
        modelPath,
        '--data',
        join(dir, 'data'),
        '--epochs',
        '3',
        '--batch-size',
        '8',
        '--learning-rate',
        '0.01',
        '--out',
        join(dir, 'out'),
        '--json',
      ],
      io,
    );
    expect(code, io.stderr).toBe(0);
    const summary = JSON.parse(io.stdout.at(-1)!);
    expect(['webasm', 'cpu', 'headlessgl']).toContain(summary.backend);
    expect(summary).toMatchObject({
      classes: ['d0', 'd1', 'd4'],
      skipped: [{ file: join(dir, 'data', 'd4', 'corrupt.png'), reason: expect.any(String) }],
    });
    expect(summary.history.map((h: { epoch: number }) => h.epoch)).toEqual([1, 2, 3]);
    expect(summary.history[2].valAccuracy).toBeGreaterThan(0.6);
    expect(io.stderr).toMatch(/Epoch 3\/3 .*val_accuracy/);
    const saved = parseProjectFile(readFileSync(summary.modelFile, 'utf8'));
    expect(saved.classNames).toEqual(['d0', 'd1', 'd4']);
    expect(saved.history).toHaveLength(3);

    const predict = captureIO();
    const images = [
      join(dir, 'data', 'd1', '1.png'),
      join(dir, 'data', 'd4', '3.jpg'),
      join(dir, 'data', 'README.txt'),
    ];
    expect(await runCli(['predict', '--model', summary.modelFile, '--json', ...images], predict)).toBe(2);
    const lines = predict.stdout.map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ file: images[0], predicted: 'd1' });
    expect(lines[0].probabilities).toHaveLength(3);
    expect(lines[0].probabilities.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 5);
    expect(lines[2]).toMatchObject({ file: images[2], error: expect.stringMatching(/not a PNG, JPEG/) });

    const evaluate = captureIO();
    expect(
      await runCli(['evaluate', '--model', summary.modelFile, '--data', join(dir, 'data'), '--json'], evaluate),
    ).toBe(0);
    const report = JSON.parse(evaluate.stdout[0]);
    expect(report.samples).toBe(90);
    expect(report.classes).toEqual(['d0', 'd1', 'd4']);
    expect(report.confusionMatrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(90);
    expect(report.accuracy).toBeGreaterThan(0.6);
    expect(report.perClass[1]).toMatchObject({ class: 'd1', support: 30 });

    // Training the saved model again continues it: the epochs count on (Keras' initial_epoch).
    const more = captureIO();
    const again = ['--data', join(dir, 'data'), '--epochs', '1', '--batch-size', '8', '--out', join(dir, 'more')];
    expect(await runCli(['train', '--model', summary.modelFile, ...again, '--json'], more), more.stderr).toBe(0);
    expect(more.stderr).toMatch(/Epoch 4\/4 /);
    expect(JSON.parse(more.stdout.at(-1)!).history.map((h: { epoch: number }) => h.epoch)).toEqual([4]);
  });

  it('saves the model when interrupted (Ctrl-C)', async () => {
    const controller = new AbortController();
    const io = captureIO(controller.signal);
    const err = io.err;
    io.err = (text) => {
      err(text);
      if (text.startsWith('Epoch')) controller.abort();
    };
    const code = await runCli(
      [
        'train',
        '--model',
        modelPath,
        '--data',
        join(dir, 'data'),
        '--epochs',
        '50',
        '--batch-size',
        '4',
        '--out',
        join(dir, 'stopped'),
        '--json',
      ],
      io,
    );
    expect(code).toBe(0);
    const summary = JSON.parse(io.stdout.at(-1)!);
    expect(io.stderr).toContain(`Interrupted: saved the weights trained so far to ${summary.modelFile}`);
    expect(summary.stopReason).toBe('cancelled');
    expect(parseProjectFile(readFileSync(summary.modelFile, 'utf8')).weights).not.toBeNull();
  });

  it('reports the dataset', async () => {
    const io = captureIO();
    expect(await runCli(['dataset', join(dir, 'data'), '--json'], io)).toBe(0);
    const report = JSON.parse(io.stdout[0]);
    expect(report.classNames).toEqual(['d0', 'd1', 'd4']);
    expect(report.skipped).toHaveLength(1);
    expect(report.topLevelFiles.map((f: { relativePath: string }) => f.relativePath)).toEqual(['README.txt']);
    const text = captureIO();
    expect(await runCli(['dataset', join(dir, 'data')], text)).toBe(0);
    expect(text.stdout.join('\n')).toMatch(/d4/);
  });

  it('answers bad input with one line and status 2', async () => {
    const cases: string[][] = [
      ['train', '--data', join(dir, 'data')],
      ['train', '--model', modelPath, '--data', join(dir, 'nope')],
      ['train', '--model', modelPath, '--data', join(dir, 'data'), '--optimizer', 'adagrad'],
      ['train', '--model', modelPath, '--data', join(dir, 'data'), '--batch-size', '0'],
      ['train', '--model', modelPath, '--data', join(dir, 'data'), '--epochs', 'two'],
      ['train', '--model', join(dir, 'data', 'd0', '1.png'), '--data', join(dir, 'data')],
      ['predict', '--model', modelPath, join(dir, 'data', 'd0', '1.png')],
      ['evaluate', '--model', modelPath],
      ['dataset', join(dir, 'data', 'd0')],
      // A backend this machine cannot run, forced, is refused as a choice (one line, status 2), not as a crash.
      ...(await describeBackends())
        .filter((r) => !r.available)
        .map((r) => ['train', '--model', modelPath, '--data', join(dir, 'data'), '--backend', r.name, '--epochs', '1']),
    ];
    for (const argv of cases) {
      const io = captureIO();
      expect(await runCli(argv, io), argv.join(' ')).toBe(2);
      expect(io.stderr.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(io.stderr).not.toMatch(/\n\s+at /);
    }
    // The fix is said once: a dataset error's message already carries its hint.
    const flat = captureIO();
    expect(await runCli(['train', '--model', modelPath, '--data', join(dir, 'data', 'd0')], flat)).toBe(2);
    expect(flat.stderr.match(/Put each class's images in its own sub-folder/g)).toHaveLength(1);
  });
});
