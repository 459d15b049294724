import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageFolderDataset } from '../../src-engine/data';
import { makeTempDir } from '../../src-engine/data/testing/fixtures';
import { DatasetCache, type DatasetKey } from './dataset-cache';
import { writeDigitFolder } from '../testing/ml-fixtures';

let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('dataset-cache'));
  await writeDigitFolder(join(root, 'a'), [0, 1], 4);
  await writeDigitFolder(join(root, 'b'), [2, 3], 4);
  await writeDigitFolder(join(root, 'c'), [4, 5], 4);
});
afterAll(() => cleanup());

const key = (folder: string, validationSplit = 0.25): DatasetKey => ({
  dir: join(root, folder),
  validationDir: null,
  preprocessing: {
    height: 28,
    width: 28,
    channels: 1,
    interpolation: 'bilinear',
    background: [255, 255, 255],
    autoOrient: true,
    valueRange: '0..1',
  },
  validationSplit,
  seed: 1,
});
const grab = (cache: DatasetCache, k: DatasetKey) => cache.use(k, async (d) => d);
const closed = (d: ImageFolderDataset) =>
  d.train.sample(0).then(
    () => false,
    (e: { code?: string }) => e.code === 'DATASET_CLOSED',
  );

describe('DatasetCache', () => {
  it('reuses an open dataset for the same settings, keeps the two most recent and closes the rest', async () => {
    const cache = new DatasetCache(2);
    const a = await grab(cache, key('a'));
    expect(await grab(cache, key('a'))).toBe(a);
    const a2 = await grab(cache, key('a', 0.5));
    expect(a2).not.toBe(a);
    expect(a2.validation.size).toBe(4);
    expect(await grab(cache, key('a'))).toBe(a); // a is now the most recent, a2 the older
    const b = await grab(cache, key('b'));
    expect(cache.openKeys()).toHaveLength(2);
    expect(await closed(a2)).toBe(true);
    expect(await closed(a)).toBe(false);
    await cache.dispose();
    expect(await closed(a)).toBe(true);
    expect(await closed(b)).toBe(true);
  });

  it(
    'does not close a dataset that is in use when it is ' + 'evicted, and forgets folders that failed to open',
    async () => {
      const cache = new DatasetCache(1);
      let inUse: ImageFolderDataset | null = null;
      let release!: () => void;
      const held = cache.use(key('a'), async (d) => {
        inUse = d;
        await new Promise<void>((r) => (release = r));
        return d.train.sample(0);
      });
      while (!inUse) await new Promise((r) => setTimeout(r, 5));
      await grab(cache, key('b'));
      release();
      expect((await held).pixels).toHaveLength(784);
      expect(await closed(inUse)).toBe(true);
      await expect(grab(cache, key('missing'))).rejects.toMatchObject({ code: 'not-found' });
      expect(cache.openKeys()).toHaveLength(1);
      await cache.dispose();
    },
  );
});
