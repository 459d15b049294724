import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preprocessImage } from './decode-image';
import { ensureDigitFolder, ensureSampleDataset, SAMPLE_DATASET_NAME, type MnistDigit } from './sample-dataset';
import { makeTempDir, mnistDigits } from './testing/fixtures';

const PER_CLASS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

let cacheDir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir: cacheDir, cleanup } = await makeTempDir('sample')));
afterAll(() => cleanup());

/** A small stand-in for the mnist package: `n` images per digit. */
const tinySource = (n: number) => (): MnistDigit[] =>
  mnistDigits(n).map((imgs) => ({ raw: imgs.flatMap((img) => Array.from(img.data, (v) => v / 255)), length: n }));

async function classCounts(dir: string): Promise<number[]> {
  return Promise.all(Array.from({ length: 10 }, async (_, d) => (await readdir(path.join(dir, String(d)))).length));
}

describe('ensureSampleDataset', () => {
  it('writes the 10,000 MNIST digits as PNG class folders', async () => {
    const dir = await ensureSampleDataset(cacheDir);
    expect(dir).toBe(path.join(cacheDir, SAMPLE_DATASET_NAME));
    expect(await classCounts(dir)).toEqual(PER_CLASS);
    expect(await readdir(cacheDir)).toEqual([SAMPLE_DATASET_NAME]); // no temp folders left
    const digits = mnistDigits(1, 500);
    for (const d of [0, 4, 9]) {
      const img = await preprocessImage(path.join(dir, String(d), '0500.png'), { height: 28, width: 28, channels: 1 });
      expect([...img.pixels]).toEqual([...digits[d][0].data]);
    }
  });

  it('returns the existing folder without rewriting it', async () => {
    const dir = path.join(cacheDir, SAMPLE_DATASET_NAME);
    const before = (await stat(path.join(dir, '.complete.json'))).mtimeMs;
    expect(await ensureSampleDataset(cacheDir)).toBe(dir);
    expect((await stat(path.join(dir, '.complete.json'))).mtimeMs).toBe(before);
  });

  it('survives two writers at once: one rename wins, the other uses its folder', async () => {
    const target = path.join(cacheDir, 'race', 'digits');
    const [a, b] = await Promise.all([
      ensureDigitFolder(target, tinySource(4)),
      ensureDigitFolder(target, tinySource(4)),
    ]);
    expect([a, b]).toEqual([target, target]);
    expect(await classCounts(target)).toEqual(new Array(10).fill(4));
    expect(await readdir(path.dirname(target))).toEqual(['digits']);
  });

  it('rebuilds a half-written folder and removes a crashed writer’s temp folder', async () => {
    const target = path.join(cacheDir, 'crash', 'digits');
    await ensureDigitFolder(target, tinySource(5));
    for (const f of (await readdir(path.join(target, '4'))).slice(0, 3)) await rm(path.join(target, '4', f));
    const stale = path.join(path.dirname(target), '.digits.tmp-99999999-crashed');
    await mkdir(path.join(stale, '3'), { recursive: true });
    await writeFile(path.join(stale, '3', '0000.png'), 'half');
    expect(await ensureDigitFolder(target, tinySource(5))).toBe(target);
    expect(await classCounts(target)).toEqual(new Array(10).fill(5));
    expect(await readdir(path.dirname(target))).toEqual(['digits']);
  });
});
