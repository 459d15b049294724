import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetError } from './errors';
import { formatDatasetReport } from './format-report';
import { openImageFolderDataset, type ImageFolderDataset } from './image-folder-dataset';
import type { ImageFormat } from './image-format';
import { encodePng } from './png-encoder';
import type { RawImage } from './raw-image';
import { shuffledOrder } from './rng';
import { validationCount } from './split';
import sharp from 'sharp';
import { encodeImage, makeTempDir, mnistDigits, writeTree } from './testing/fixtures';
import { writeBmp } from './testing/bmp-writer';

const pre = { height: 28, width: 28, channels: 1 } as const;
const FORMATS: ImageFormat[] = ['jpeg', 'webp', 'gif', 'bmp', 'tiff'];

let root: string;
let cleanup: () => Promise<void>;
let main: string;
/** Expected uint8 pixels of the lossless files, by relative path. */
const expected = new Map<string, Uint8Array>();

async function expectCode(p: Promise<unknown>, code: string): Promise<DatasetError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DatasetError);
    expect((e as DatasetError).code).toBe(code);
    return e as DatasetError;
  }
  throw new Error(`expected DatasetError ${code}`);
}

/** All of a split's samples as float arrays keyed by relative path. */
async function collect(
  ds: ImageFolderDataset,
  split: 'train' | 'validation',
  batchSize: number,
  options = {},
): Promise<Map<string, Float32Array>> {
  const s = ds[split];
  const out = new Map<string, Float32Array>();
  const size = 28 * 28;
  for await (const b of s.batches(shuffledOrder(s.size, 3), batchSize, options)) {
    expect(b.shape).toEqual([b.labels.length, 28, 28, 1]);
    b.indices.forEach((pos, k) => {
      expect(b.labels[k]).toBe(s.labels[pos]);
      out.set(
        path.relative(ds.report.directory, s.path(pos)).split(path.sep).join('/'),
        b.x.slice(k * size, (k + 1) * size),
      );
    });
  }
  return out;
}

beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('dataset'));
  main = path.join(root, 'main');
  const digits = mnistDigits(30);
  const files: Record<string, Uint8Array | string> = {};
  const png = (img: RawImage): Uint8Array => encodePng(img.data, 28, 28, 1);
  digits[0].forEach((img, i) => {
    files[`zero/${String(i).padStart(4, '0')}.png`] = png(img);
    expected.set(`zero/${String(i).padStart(4, '0')}.png`, img.data);
  });
  digits[1].forEach((img, i) => {
    const rel = i < 20 ? `one/${String(i).padStart(4, '0')}.png` : `one/batch2/more/${i}.png`;
    files[rel] = png(img);
    expected.set(rel, img.data);
  });
  for (let i = 0; i < 20; i++) files[`seven/${i}.${FORMATS[i % 5]}`] = await encodeImage(digits[7][i], FORMATS[i % 5]);
  Object.assign(files, {
    'seven/empty.png': new Uint8Array(0),
    'seven/truncated.png': (files['zero/0001.png'] as Uint8Array).subarray(0, 200),
    'seven/text.jpg': 'this is not a picture',
    'seven/corrupt.png': Uint8Array.from(files['zero/0002.png'] as Uint8Array).map((v, i) =>
      i > 60 && i < 120 ? v ^ 0x55 : v,
    ),
    'seven/vector.gif': '<svg xmlns="http://www.w3.org/2000/svg" width="28" height="28"/>',
    'seven/really-a-jpeg.png': await encodeImage(digits[7][25], 'jpeg'),
    'zero/copy-of-0000.png': files['zero/0000.png'],
    'seven/filed-wrong.png': files['one/0003.png'],
    'zero/notes.txt': 'labelling notes',
    'zero/.DS_Store': 'x',
    'README.txt': 'about this dataset',
    'stray.png': files['zero/0004.png'],
  });
  await writeTree(main, files);
});
afterAll(() => cleanup());

describe('openImageFolderDataset: the report', () => {
  let ds: ImageFolderDataset;
  beforeAll(async () => {
    ds = await openImageFolderDataset(main, { preprocessing: pre, validationSplit: 0.2, seed: 11, workers: 2 });
  });
  afterAll(() => ds.close());

  it('counts classes, skips bad files with their reason, and notes the rest', () => {
    const r = ds.report;
    expect(r.classNames).toEqual(['one', 'seven', 'zero']);
    expect(r.classes.map((c) => [c.name, c.total, c.skipped])).toEqual([
      ['one', 30, 0],
      ['seven', 22, 5],
      ['zero', 31, 0],
    ]);
    expect(Object.fromEntries(r.skipped.map((s) => [s.relativePath, s.reason]))).toEqual({
      'seven/corrupt.png': 'unreadable',
      'seven/empty.png': 'empty',
      'seven/text.jpg': 'not-an-image',
      'seven/truncated.png': 'truncated',
      'seven/vector.gif': 'unsupported-format',
    });
    expect(r.extensionMismatches.map((m) => [m.relativePath, m.detectedFormat])).toEqual([
      ['seven/really-a-jpeg.png', 'jpeg'],
    ]);
    expect(r.topLevelFiles.map((f) => f.relativePath)).toEqual(['README.txt', 'stray.png']);
    expect(r.otherFiles.map((f) => f.relativePath)).toEqual(['zero/notes.txt']);
    expect(r.totals).toMatchObject({ candidates: 88, usable: 83, skipped: 5, hidden: 1 });
    expect(r.formats.map((f) => f.format).sort()).toEqual(['bmp', 'gif', 'jpeg', 'png', 'tiff', 'webp']);
    expect(r.imageSizes).toEqual([{ width: 28, height: 28, count: 83 }]);
    expect(r.memory).toMatchObject({ mode: 'cached', cachedSamples: 83, sampleBytes: 784, workers: 2 });
    expect(r.imbalance.ratio).toBeCloseTo(31 / 22);
    expect(r.imbalance.warning).toBe(false);
  });

  it('groups identical files and flags conflicting labels', () => {
    const groups = ds.report.duplicates.groups.map((g) => [
      g.files.map((f) => f.relativePath).sort(),
      g.conflictingLabels,
    ]);
    expect(groups.sort()).toEqual([
      [['one/0003.png', 'seven/filed-wrong.png'], true],
      [['zero/0000.png', 'zero/copy-of-0000.png'], false],
    ]);
    expect(ds.report.duplicates.extraCopies).toBe(2);
    expect(ds.report.warnings.join('\n')).toMatch(/filed under different classes/);
  });

  it('formats the report as text for the CLI', () => {
    const text = formatDatasetReport(ds.report);
    expect(text).toContain('3 classes, 83 usable images');
    expect(text).toMatch(/truncated\s+seven\/truncated\.png/);
    expect(text).toContain('seven/really-a-jpeg.png is JPEG');
    expect(text).toMatch(/one\/0003\.png \(\w+\) = seven\/filed-wrong\.png \(\w+\)\s+\[DIFFERENT CLASSES/);
    expect(text).toContain('Ignored, not in a class folder (2)');
    expect(formatDatasetReport(ds.report, { maxListed: 2 })).toContain('… and 3 more');
  });

  it('serves the real pixels, x / 255, nested files under their top-level class', async () => {
    const all = new Map([...(await collect(ds, 'train', 16)), ...(await collect(ds, 'validation', 5))]);
    expect(all.size).toBe(83);
    for (const [rel, pixels] of expected)
      expect(Array.from(all.get(rel)!)).toEqual(Array.from(pixels, (v) => Math.fround(v / 255)));
    expect(
      ds.classNames[
        ds.train.labels[[...Array(ds.train.size).keys()].find((p) => ds.train.path(p).includes('batch2'))!]
      ],
    ).toBe('one');
  });
});

describe('openImageFolderDataset: colour conversion', () => {
  it('converts grey, RGBA and palette files for an RGB model, pixel for pixel', async () => {
    const dir = path.join(root, 'colour');
    const n = 4 * 4;
    const grey = Uint8Array.from({ length: n }, (_, p) => p * 15);
    const rgba = Uint8Array.from({ length: n * 4 }, (_, i) =>
      i % 4 === 3 ? [0, 90, 180, 255][(i >> 2) % 4] : (i * 23) % 256,
    );
    const colours = [
      [200, 30, 40],
      [10, 220, 90],
      [0, 0, 255],
      [250, 250, 250],
    ];
    const indexed = Uint8Array.from({ length: n }, (_, p) => (p * 3) % 4);
    const paletteRgb = Uint8Array.from(Array.from(indexed).flatMap((c) => colours[c]));
    const palettePng = await sharp(paletteRgb, { raw: { width: 4, height: 4, channels: 3 } })
      .png({ palette: true, colours: 4, dither: 0 })
      .toBuffer();
    await writeTree(dir, {
      'grey/a.png': encodePng(grey, 4, 4, 1),
      'grey/b.bmp': writeBmp(4, 4, grey, {
        bpp: 8,
        palette: Array.from({ length: 256 }, (_, i) => [i, i, i] as [number, number, number]),
      }),
      'rgba/a.png': encodePng(rgba, 4, 4, 4),
      'rgba/b.webp': await encodeImage({ data: rgba, width: 4, height: 4, channels: 4 }, 'webp'),
      'palette/a.png': palettePng,
      'palette/b.gif': await encodeImage({ data: paletteRgb, width: 4, height: 4, channels: 3 }, 'gif'),
    });
    const bg = [20, 40, 60];
    const ds = await openImageFolderDataset(dir, {
      preprocessing: { height: 4, width: 4, channels: 3, background: [20, 40, 60] },
      workers: 0,
    });
    const flatten = (c: number, a: number, k: number): number => Math.round((c * a + bg[k] * (255 - a)) / 255);
    const want: Record<string, number[]> = {
      grey: Array.from({ length: n * 3 }, (_, i) => grey[Math.floor(i / 3)]),
      rgba: Array.from({ length: n * 3 }, (_, i) =>
        flatten(rgba[Math.floor(i / 3) * 4 + (i % 3)], rgba[Math.floor(i / 3) * 4 + 3], i % 3),
      ),
      palette: [...paletteRgb],
    };
    for await (const b of ds.train.batches([0, 1, 2, 3, 4, 5], 6)) {
      expect(b.shape).toEqual([6, 4, 4, 3]);
      b.indices.forEach((pos, k) => {
        const got = Array.from(b.x.subarray(k * n * 3, (k + 1) * n * 3), (v) => Math.round(v * 255));
        expect([ds.train.path(pos), got]).toEqual([ds.train.path(pos), want[ds.classNames[b.labels[k]]]]);
      });
    }
    expect(ds.report.colorModes.map((m) => m.mode).sort()).toEqual(['grayscale', 'rgb', 'rgba']);
    await ds.close();
  });
});

describe('openImageFolderDataset: splits', () => {
  it('is stratified by class and reproducible from the seed', async () => {
    const open = (seed: number): Promise<ImageFolderDataset> =>
      openImageFolderDataset(main, { preprocessing: pre, validationSplit: 0.25, seed, workers: 0 });
    const [a, b, c] = [await open(5), await open(5), await open(6)];
    for (const cls of a.report.classes) expect(cls.validation).toBe(validationCount(cls.total, 0.25));
    expect(a.validation.classCounts).toEqual(a.report.classes.map((x) => x.validation));
    const paths = (d: ImageFolderDataset): string[] =>
      Array.from({ length: d.validation.size }, (_, p) => d.validation.path(p));
    expect(paths(b)).toEqual(paths(a));
    expect(paths(c)).not.toEqual(paths(a));
    expect(a.train.size + a.validation.size).toBe(83);
    await Promise.all([a, b, c].map((d) => d.close()));
  });

  it('uses a validation folder with the same classes, and explains a mismatch', async () => {
    const val = path.join(root, 'val');
    const digits = mnistDigits(3, 40);
    const files: Record<string, Uint8Array> = {};
    for (const [name, d] of [
      ['zero', 0],
      ['one', 1],
      ['seven', 7],
    ] as const)
      digits[d].forEach((img, i) => (files[`${name}/${i}.png`] = encodePng(img.data, 28, 28, 1)));
    await writeTree(val, files);
    const ds = await openImageFolderDataset(main, { preprocessing: pre, validationDir: val, workers: 0 });
    expect([ds.train.size, ds.validation.size]).toEqual([83, 9]);
    expect(ds.report.split.mode).toBe('folder');
    expect(ds.validation.classCounts).toEqual([3, 3, 3]);
    await ds.close();

    const other = path.join(root, 'val-other');
    await writeTree(other, {
      'zero/a.png': files['zero/0.png'],
      'One/b.png': files['one/0.png'],
      'seven/c.png': files['seven/0.png'],
      'eight/d.png': files['seven/1.png'],
    });
    const e = await expectCode(
      openImageFolderDataset(main, { preprocessing: pre, validationDir: other, workers: 0 }),
      'CLASS_MISMATCH',
    );
    expect(e.message).toMatch(
      /missing from the validation folder: "one"; only in the validation folder: "One", "eight"/,
    );
    await expectCode(
      openImageFolderDataset(main, { preprocessing: pre, validationDir: val, validationSplit: 0.2 }),
      'INVALID_OPTIONS',
    );
  });
});

describe('openImageFolderDataset: memory budget', () => {
  it('streams past the budget and yields exactly what the cached mode yields', async () => {
    const aug = { horizontalFlip: true, rotationRange: 15, widthShiftRange: 0.1 };
    const cached = await openImageFolderDataset(main, {
      preprocessing: pre,
      validationSplit: 0.2,
      workers: 0,
      augmentation: aug,
    });
    const streamed = await openImageFolderDataset(main, {
      preprocessing: pre,
      validationSplit: 0.2,
      workers: 2,
      augmentation: aug,
      memoryBudgetBytes: 0,
    });
    const partial = await openImageFolderDataset(main, {
      preprocessing: pre,
      validationSplit: 0.2,
      workers: 0,
      augmentation: aug,
      memoryBudgetBytes: 784 * 40,
    });
    expect([cached.cached, streamed.cached, partial.cached]).toEqual([true, false, false]);
    expect(streamed.report.memory).toMatchObject({ mode: 'streaming', cachedSamples: 0 });
    expect(partial.report.memory.cachedSamples).toBe(40);
    const plain = await collect(cached, 'train', 8, { augment: false });
    for (const epoch of [0, 1]) {
      const want = await collect(cached, 'train', 8, { epoch });
      const changed = [...want].filter(([rel, x]) => x.some((v, i) => v !== plain.get(rel)![i])).length;
      expect(changed).toBeGreaterThan(want.size * 0.9); // the augmentation really moves pixels
      expect(await collect(streamed, 'train', 5, { epoch })).toEqual(want);
      expect(await collect(partial, 'train', 32, { epoch })).toEqual(want);
    }
    expect(await collect(streamed, 'validation', 4)).toEqual(await collect(cached, 'validation', 4));
    await Promise.all([cached.close(), streamed.close(), partial.close()]);
  });

  it('fails clearly when a streamed file disappears after opening', async () => {
    const dir = path.join(root, 'vanishing');
    const digits = mnistDigits(2);
    await writeTree(dir, {
      'a/1.png': encodePng(digits[0][0].data, 28, 28, 1),
      'a/2.png': encodePng(digits[0][1].data, 28, 28, 1),
      'b/1.png': encodePng(digits[1][0].data, 28, 28, 1),
    });
    const ds = await openImageFolderDataset(dir, { preprocessing: pre, workers: 0, memoryBudgetBytes: 0 });
    await rm(path.join(dir, 'a/2.png'));
    const run = async (): Promise<void> => {
      for await (const _ of ds.train.batches([0, 1, 2], 3)) void _;
    };
    const e = await expectCode(run(), 'FILE_CHANGED');
    expect(e.message).toContain('a/2.png');
    await ds.close();
  });
});

describe('openImageFolderDataset: errors', () => {
  it('refuses a class whose files are all unusable, naming them', async () => {
    const dir = path.join(root, 'all-bad');
    await writeTree(dir, {
      'good/1.png': await readFile(path.join(main, 'zero/0000.png')),
      'bad/1.png': new Uint8Array(0),
      'bad/2.jpg': 'text',
    });
    const e = await expectCode(openImageFolderDataset(dir, { preprocessing: pre, workers: 0 }), 'EMPTY_CLASS');
    expect(e.message).toMatch(/"bad"/);
    expect(e.message).toMatch(/bad\/1\.png: empty/);
    expect(e.message).toMatch(/bad\/2\.jpg: not-an-image/);
  });

  it('validates options, batch arguments and use after close', async () => {
    await expectCode(
      openImageFolderDataset(main, { preprocessing: { height: 28, width: 28, channels: 2 as 1 } }),
      'INVALID_OPTIONS',
    );
    await expectCode(openImageFolderDataset(main, { preprocessing: pre, validationSplit: 1 }), 'INVALID_OPTIONS');
    await expectCode(openImageFolderDataset(path.join(root, 'missing'), { preprocessing: pre }), 'FOLDER_NOT_FOUND');
    await expectCode(
      openImageFolderDataset(main, { preprocessing: pre, workers: 0, signal: AbortSignal.abort() }),
      'ABORTED',
    );
    const ds = await openImageFolderDataset(main, { preprocessing: pre, workers: 0 });
    expect(ds.validation.size).toBe(0);
    await expectCode(ds.train.batches([0], 0).next(), 'INVALID_OPTIONS');
    await expectCode(ds.train.batches([ds.train.size], 4).next(), 'INVALID_OPTIONS');
    await ds.close();
    await expectCode(ds.train.batches([0], 1).next(), 'DATASET_CLOSED');
  });
});
