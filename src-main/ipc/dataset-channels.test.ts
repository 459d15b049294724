// project:initial, dataset:sample / report / preview, image:read and engine:backends through the router,
// on real image folders (MNIST digits written as PNGs).
import { mkdir, readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectFileSchema } from '../../src-engine/model/project-file';
import { summarize } from '../../src-engine/model/summary';
import type { InvokeResult } from '../../src-shared';
import { createTestHost, type TestHost } from './test-services';
import { digitDataset, writeDigitFolder } from '../testing/ml-fixtures';

let h: TestHost;
let digits: string;
beforeAll(async () => {
  h = await createTestHost({ sampleDigits: 3 });
  digits = await writeDigitFolder(join(h.dataDir, 'digits'), [0, 1, 7], 10);
  await writeFile(join(digits, 'digit-1', 'broken.png'), 'not a png');
  await writeFile(join(digits, 'digit-7', 'labels.txt'), 'notes');
});
afterAll(() => h.dispose());

/** The file's own pixels, decoded by sharp (not the data module). */
async function greyPixels(file: string): Promise<Uint8Array> {
  return new Uint8Array(await sharp(file).toColourspace('b-w').raw().toBuffer());
}

describe('project:initial', () => {
  it('is the Keras tutorial CNN on the sample digits, ready to train', async () => {
    const initial = (await h.call('project:initial')) as InvokeResult<'project:initial'>;
    const project = ProjectFileSchema.parse(initial.project);
    expect(initial.templateId).toBe('keras-tutorial-cnn');
    expect(summarize(project.graph).totalParams).toBe(107_706);
    expect(project.dataset).toMatchObject({ path: null, preprocessing: { height: 28, width: 28, channels: 1 } });
    expect(project.training).toMatchObject({ optimizer: 'adam', epochs: 5 });
    expect(project.weights).toBeNull();
    expect(initial.templates.map((t) => t.id)).toContain('lenet5');
    expect(
      ((await h.call('project:initial', { template: 'lenet5' })) as InvokeResult<'project:initial'>).project.graph.name,
    ).toBe('lenet5');
    await expect(h.call('project:initial', { template: 'vgg16' })).rejects.toMatchObject({
      code: 'not-found',
      hint: expect.stringMatching(/keras-tutorial-cnn/),
    });
  });
});

describe('dataset:sample', () => {
  it('returns the sample digits folder in the per-user data folder, one class folder per digit', async () => {
    const { path } = (await h.call('dataset:sample')) as { path: string };
    expect(path).toBe(join(h.dataDir, 'datasets', 'mnist-digits'));
    const classes = (await readdir(path)).filter((n) => !n.startsWith('.')).sort();
    expect(classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect((await readdir(join(path, '4'))).filter((f) => f.endsWith('.png'))).toHaveLength(3);
  });
});

describe('dataset:report', () => {
  it('reports classes, the split training will make and the skipped files', async () => {
    const { path, report, text } = (await h.call('dataset:report', {
      dataset: digitDataset(digits),
      validationSplit: 0.2,
    })) as InvokeResult<'dataset:report'>;
    expect(path).toBe(digits);
    expect(report.classNames).toEqual(['digit-0', 'digit-1', 'digit-7']);
    expect(report.totals).toMatchObject({ usable: 30, skipped: 1, train: 24, validation: 6 });
    expect(report.skipped).toEqual([
      expect.objectContaining({ relativePath: 'digit-1/broken.png', reason: 'not-an-image' }),
    ]);
    expect(text).toMatch(/3 classes, 30 usable images: 24 training, 6 validation/);
    // The engine worker runs from TypeScript sources here, as under `npm run serve`: its decode workers must start.
    expect(report.warnings.join('\n')).not.toMatch(/decode workers could not start/);
    const sample = (await h.call('dataset:report', { dataset: digitDataset(null) })) as InvokeResult<'dataset:report'>;
    expect(sample.path).toBe(join(h.dataDir, 'datasets', 'mnist-digits'));
    expect(sample.report.totals.usable).toBe(30);
  });

  it('reuses an open dataset until a refresh reads the folder again', async () => {
    const grows = await writeDigitFolder(join(h.dataDir, 'grows'), [0, 1], 3);
    const report = async (refresh: boolean) =>
      ((await h.call('dataset:report', { dataset: digitDataset(grows), refresh })) as InvokeResult<'dataset:report'>)
        .report;
    expect((await report(false)).classNames).toEqual(['digit-0', 'digit-1']);
    await writeDigitFolder(grows, [3], 2);
    expect((await report(false)).classNames).toEqual(['digit-0', 'digit-1']);
    expect((await report(true)).classNames).toEqual(['digit-0', 'digit-1', 'digit-3']);
  });

  it('says what is wrong with a folder that cannot be a dataset, and how to fix it', async () => {
    await expect(h.call('dataset:report', { dataset: digitDataset(join(h.dataDir, 'nowhere')) })).rejects.toMatchObject(
      { code: 'not-found', hint: expect.any(String) },
    );
    const single = join(h.dataDir, 'single');
    await writeDigitFolder(single, [3], 4);
    const error = await h.call('dataset:report', { dataset: digitDataset(single) }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'invalid-dataset',
      message: expect.stringMatching(/class/),
      hint: expect.stringMatching(/.+/),
    });
    expect((error as { message: string }).message).not.toContain((error as { hint: string }).hint);
  });
});

describe('dataset:preview', () => {
  it('returns the first samples of each class as the model sees them', async () => {
    const preview = (await h.call('dataset:preview', {
      dataset: digitDataset(digits),
      perClass: 2,
    })) as InvokeResult<'dataset:preview'>;
    expect(preview.classNames).toEqual(['digit-0', 'digit-1', 'digit-7']);
    expect(preview.samples.map((s) => s.className)).toEqual([
      'digit-0',
      'digit-0',
      'digit-1',
      'digit-1',
      'digit-7',
      'digit-7',
    ]);
    for (const s of preview.samples) {
      expect(s).toMatchObject({ height: 28, width: 28, channels: 1, augmented: false });
      expect(s.pixels).toBeInstanceOf(Uint8Array);
      expect(Array.from(s.pixels)).toEqual(Array.from(await greyPixels(s.file)));
    }
  });

  it('applies the augmentation when asked, varying with the seed', async () => {
    const augmentation = { rotationRange: 30, widthShiftRange: 0.1, zoomRange: 0.2 };
    const args = (augmented: boolean, seed = 0) => ({
      dataset: { ...digitDataset(digits), augmentation },
      perClass: 3,
      augmented,
      seed,
    });
    const plain = (await h.call('dataset:preview', args(false))) as InvokeResult<'dataset:preview'>;
    const a = (await h.call('dataset:preview', args(true, 1))) as InvokeResult<'dataset:preview'>;
    const again = (await h.call('dataset:preview', args(true, 1))) as InvokeResult<'dataset:preview'>;
    const b = (await h.call('dataset:preview', args(true, 2))) as InvokeResult<'dataset:preview'>;
    expect(a.samples.map((s) => s.file)).toEqual(plain.samples.map((s) => s.file));
    expect(a.samples.every((s) => s.augmented && s.pixels.length === 28 * 28)).toBe(true);
    const differs = (x: InvokeResult<'dataset:preview'>, y: InvokeResult<'dataset:preview'>) =>
      x.samples.filter((s, i) => s.pixels.some((v, k) => v !== y.samples[i]!.pixels[k])).length;
    expect(differs(a, plain)).toBe(9);
    expect(differs(a, b)).toBeGreaterThan(0);
    expect(differs(a, again)).toBe(0);
  });
});

describe('image:read', () => {
  it('returns an image file as plain bytes with its type, found by content', async () => {
    const file = join(digits, 'digit-0', '000.png');
    const jpeg = join(h.dataDir, 'photo.bin');
    await sharp(file).jpeg().toFile(jpeg);
    const image = (await h.call('image:read', { path: file })) as InvokeResult<'image:read'>;
    expect(image.mime).toBe('image/png');
    expect(image.data.constructor).toBe(Uint8Array);
    expect(Buffer.from(image.data).equals(await readFile(file))).toBe(true);
    expect(((await h.call('image:read', { path: jpeg })) as InvokeResult<'image:read'>).mime).toBe('image/jpeg');
  });

  it('refuses files that are not images, too large, folders and missing files', async () => {
    const text = join(h.dataDir, 'secret.png');
    await writeFile(text, 'password=hunter2');
    await expect(h.call('image:read', { path: text })).rejects.toMatchObject({
      code: 'invalid-image',
      message: expect.stringMatching(/not an image/),
    });
    const huge = join(h.dataDir, 'huge.png');
    await writeFile(huge, await readFile(join(digits, 'digit-0', '000.png')));
    await truncate(huge, 50 * 1024 * 1024 + 1);
    await expect(h.call('image:read', { path: huge })).rejects.toMatchObject({
      code: 'invalid-image',
      message: expect.stringMatching(/50 MiB/),
    });
    await mkdir(join(h.dataDir, 'folder.png'));
    await expect(h.call('image:read', { path: join(h.dataDir, 'folder.png') })).rejects.toMatchObject({
      code: 'invalid-file',
    });
    await expect(h.call('image:read', { path: join(h.dataDir, 'none.png') })).rejects.toMatchObject({
      code: 'not-found',
    });
  });
});

describe('engine:backends', () => {
  it('lists every backend choice with whether it can train here, and why not', async () => {
    const { backends, notes } = (await h.call('engine:backends')) as InvokeResult<'engine:backends'>;
    expect(backends.map((b) => b.name)).toEqual(['webgpu', 'headlessgl', 'webasm', 'cpu']);
    // The plain-TypeScript engine runs everywhere.
    expect(backends.find((b) => b.name === 'cpu')).toMatchObject({ available: true });
    expect(backends.filter((b) => b.selected)).toHaveLength(1);
    expect(backends.find((b) => b.selected)!.available).toBe(true);
    for (const b of backends) if (!b.available) expect(b.reason).toMatch(/.{10,}/);
    if (backends.some((b) => !b.available)) expect(notes.length).toBeGreaterThan(0);
  });
});
