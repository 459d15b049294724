/** Test fixtures: temporary folders, images encoded in every supported format, and real MNIST digits. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { ImageFormat } from '../image-format';
import type { RawImage } from '../raw-image';
import { writeBmp } from './bmp-writer';

export async function makeTempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `filterbank-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes `files` (relative path → bytes or text) under `root`, creating folders. */
export async function writeTree(root: string, files: Record<string, Uint8Array | string>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

function toRgba(img: RawImage): Uint8Array {
  const n = img.width * img.height;
  const out = new Uint8Array(n * 4);
  for (let p = 0; p < n; p++) {
    const s = img.data.subarray(p * img.channels, (p + 1) * img.channels);
    const [r, g, b] = img.channels <= 2 ? [s[0], s[0], s[0]] : [s[0], s[1], s[2]];
    const a = img.channels === 2 ? s[1] : img.channels === 4 ? s[3] : 255;
    out.set([r, g, b, a], p * 4);
  }
  return out;
}

/** Encodes pixels losslessly where the format allows (JPEG is lossy; GIF is exact up to 256 colours). */
export async function encodeImage(img: RawImage, format: ImageFormat): Promise<Uint8Array> {
  if (format === 'bmp')
    return writeBmp(img.width, img.height, toRgba(img), {
      bpp: 32,
      header: 'v5',
      compression: 3,
      masks: [0xff0000, 0xff00, 0xff, 0xff000000],
    });
  let s = sharp(img.data, { raw: { width: img.width, height: img.height, channels: img.channels } });
  if (img.channels <= 2) s = s.toColourspace('b-w');
  switch (format) {
    case 'png':
      return s.png().toBuffer();
    case 'jpeg':
      return s.jpeg({ quality: 95, chromaSubsampling: '4:4:4' }).toBuffer();
    case 'webp':
      return s.webp({ lossless: true }).toBuffer();
    case 'gif':
      return s.gif({ dither: 0 }).toBuffer();
    case 'tiff':
      return s.tiff({ compression: 'lzw' }).toBuffer();
  }
}

/** An RGB test card: a gradient with sharp edges, `width`×`height`, channels 3. */
export function testCard(width: number, height: number, seed = 0): RawImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      data[o] = (x * 255) / Math.max(1, width - 1);
      data[o + 1] = (y * 255) / Math.max(1, height - 1);
      data[o + 2] = ((x + y + seed) % 4) * 60;
    }
  }
  return { data, width, height, channels: 3 };
}

type MnistDigit = { raw: number[]; length: number };

/** Real MNIST digits from the `mnist` package: 28×28 greyscale; values in the package are round(v / 255, 3). */
export function mnistDigits(perClass: number, offset = 0): RawImage[][] {
  const mnist = createRequire(import.meta.url)('mnist') as MnistDigit[];
  return Array.from({ length: 10 }, (_, d) =>
    Array.from({ length: perClass }, (_, i) => {
      const start = (offset + i) * 784;
      const data = Uint8Array.from(mnist[d].raw.slice(start, start + 784), (v) => Math.round(v * 255));
      return { data, width: 28, height: 28, channels: 1 } as RawImage;
    }),
  );
}
