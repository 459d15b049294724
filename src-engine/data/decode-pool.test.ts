import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DecodePool, decodeWorkerUrl } from './decode-pool';
import type { DecodeRequest } from './decode-task';
import { parsePreprocessing } from './preprocessing';
import { encodeImage, makeTempDir, testCard, writeTree } from './testing/fixtures';

const preprocessing = parsePreprocessing({ height: 8, width: 8, channels: 3, interpolation: 'area' });
let dir: string;
let cleanup: () => Promise<void>;
const names = Array.from({ length: 12 }, (_, i) => `img${i}.${['png', 'jpeg', 'webp', 'bmp'][i % 4]}`);
const request = (name: string): DecodeRequest => ({
  path: path.join(dir, name),
  preprocessing,
  hash: true,
  pixels: true,
});

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('pool'));
  const files: Record<string, Uint8Array> = {};
  for (const [i, name] of names.entries())
    files[name] = await encodeImage(testCard(13, 11, i), ['png', 'jpeg', 'webp', 'bmp'][i % 4] as 'png');
  files['crash-me.png'] = files['img0.png'];
  await writeTree(dir, files);
});
afterAll(() => cleanup());

describe('DecodePool', () => {
  it('gives the same results in worker threads as in-process', async () => {
    const workers = await DecodePool.create({ workers: 2 });
    const local = await DecodePool.create({ workers: 0 });
    expect([workers.size, local.size]).toEqual([2, 0]);
    const [a, b] = await Promise.all([
      Promise.all(names.map((n) => workers.run(request(n)))),
      Promise.all(names.map((n) => local.run(request(n)))),
    ]);
    expect(a.every((r) => r.ok)).toBe(true);
    expect(a).toEqual(b);
    await Promise.all([workers.close(), local.close()]);
  });

  it('replaces a crashed worker, retries its other tasks alone, and reports only the crashing file', async () => {
    const pool = await DecodePool.create({
      workers: 2,
      workerUrl: new URL('./testing/crashing-worker.ts', import.meta.url),
    });
    const all = ['crash-me.png', ...names];
    const results = await Promise.all(all.map((n) => pool.run(request(n))));
    expect(results[0]).toEqual({ ok: false, reason: 'unreadable', message: 'the image decoder crashed on this file' });
    expect(results.slice(1).every((r) => r.ok)).toBe(true);
    await vi.waitFor(() => expect(pool.size).toBe(2), { timeout: 10_000 }); // the replacement worker starts
    await pool.close();
  });

  it('falls back to in-process decoding when workers cannot start, and says why', async () => {
    const pool = await DecodePool.create({
      workers: 2,
      workerUrl: new URL('./testing/no-such-worker.js', import.meta.url),
    });
    expect(pool.size).toBe(0);
    expect(pool.startupError).toMatch(/decode workers could not start/);
    expect((await pool.run(request('img1.jpeg'))).ok).toBe(true);
    await pool.close();
  });
});

describe('decodeWorkerUrl', () => {
  it('finds the TypeScript worker beside sources loaded with a query (tsx tsImport) and the .js one in a build', () => {
    expect(decodeWorkerUrl('file:///app/src-engine/data/decode-pool.ts?tsx-namespace=1').pathname).toBe(
      '/app/src-engine/data/decode-worker.ts',
    );
    expect(decodeWorkerUrl('file:///app/src-engine/data/decode-pool.ts').pathname).toBe(
      '/app/src-engine/data/decode-worker.ts',
    );
    expect(decodeWorkerUrl('file:///app/out/main/chunks/dataset-abc.js').pathname).toBe(
      '/app/out/main/chunks/decode-worker.js',
    );
  });
});
