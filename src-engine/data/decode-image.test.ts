import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preprocessImage, toFloat32 } from './decode-image';
import { DatasetError, ImageReadError } from './errors';
import type { ImageFormat } from './image-format';
import type { ImagePreprocessingInput } from './preprocessing';
import type { RawImage } from './raw-image';
import { encodeImage, makeTempDir, testCard } from './testing/fixtures';

const pre = (o: Partial<ImagePreprocessingInput> = {}): ImagePreprocessingInput => ({
  height: 6,
  width: 8,
  channels: 3,
  interpolation: 'nearest',
  ...o,
});

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ImageReadError);
    return (e as ImageReadError).reason;
  }
  throw new Error('expected the image to be rejected');
}

/** Independent float formulas (the code under test uses integer arithmetic). */
const flatten = (c: number, a: number, bg: number): number => Math.round((c * a + bg * (255 - a)) / 255);
const luma = (r: number, g: number, b: number): number => Math.round(0.299 * r + 0.587 * g + 0.114 * b);

describe('preprocessImage: formats', () => {
  const card = testCard(8, 6);
  const lossless: ImageFormat[] = ['png', 'webp', 'tiff', 'bmp'];
  it.each(lossless)('reads %s exactly', async (format) => {
    const out = await preprocessImage(await encodeImage(card, format), pre());
    expect(out.source.format).toBe(format);
    expect([out.height, out.width, out.channels]).toEqual([6, 8, 3]);
    expect([...out.pixels]).toEqual([...card.data]);
  });

  it('reads JPEG within JPEG error', async () => {
    const smooth: RawImage = {
      data: Uint8Array.from({ length: 6 * 8 * 3 }, (_, i) => 40 + (i % 3) * 50 + Math.floor(i / 3) * 2),
      width: 8,
      height: 6,
      channels: 3,
    };
    const out = await preprocessImage(await encodeImage(smooth, 'jpeg'), pre());
    expect(out.source.format).toBe('jpeg');
    let worst = 0;
    for (let i = 0; i < out.pixels.length; i++) worst = Math.max(worst, Math.abs(out.pixels[i] - smooth.data[i]));
    expect(worst).toBeLessThan(8);
  });

  it('reads the first frame of an animated GIF', async () => {
    const frame = (v: number): Uint8Array => new Uint8Array(4 * 3 * 3).fill(v);
    const frames = new Uint8Array([...frame(200), ...frame(40)]);
    const gif = await sharp(frames, { raw: { width: 4, height: 6, channels: 3, pageHeight: 3 } })
      .gif()
      .toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const out = await preprocessImage(gif, pre({ height: 3, width: 4, channels: 1 }));
    expect([...out.pixels]).toEqual(new Array(12).fill(200));
  });

  it('reads a 16-bit PNG as 8-bit values', async () => {
    const grey16 = Uint16Array.from({ length: 6 * 8 }, (_, i) => i * 5 * 257);
    const png = await sharp(grey16, { raw: { width: 8, height: 6, channels: 1 } })
      .toColourspace('grey16')
      .png()
      .toBuffer();
    const out = await preprocessImage(png, pre({ channels: 1 }));
    expect([...out.pixels]).toEqual(Array.from({ length: 48 }, (_, i) => i * 5));
  });

  it('applies the EXIF orientation unless told not to', async () => {
    const img: RawImage = { data: new Uint8Array([10, 250]), width: 2, height: 1, channels: 1 };
    const jpeg = await sharp(img.data, { raw: { width: 2, height: 1, channels: 1 } })
      .toColourspace('b-w')
      .withMetadata({ orientation: 6 })
      .png()
      .toBuffer();
    const upright = await preprocessImage(jpeg, pre({ height: 2, width: 1, channels: 1 }));
    expect([upright.source.width, upright.source.height]).toEqual([1, 2]);
    expect([...upright.pixels]).toEqual([10, 250]);
    const raw = await preprocessImage(jpeg, pre({ height: 1, width: 2, channels: 1, autoOrient: false }));
    expect([...raw.pixels]).toEqual([10, 250]);
    expect([raw.source.width, raw.source.height]).toEqual([2, 1]);
  });
});

describe('preprocessImage: channel conversion', () => {
  const rgba: RawImage = {
    data: Uint8Array.from({ length: 6 * 8 * 4 }, (_, i) =>
      i % 4 === 3 ? [0, 64, 128, 255][(i >> 2) % 4] : (i * 29) % 256,
    ),
    width: 8,
    height: 6,
    channels: 4,
  };
  const bg: [number, number, number] = [255, 200, 0];

  it('flattens RGBA over the background colour for RGB models', async () => {
    const out = await preprocessImage(await encodeImage(rgba, 'png'), pre({ background: bg }));
    expect(out.source.mode).toBe('rgba');
    for (let p = 0; p < 48; p++) {
      const a = rgba.data[p * 4 + 3];
      for (let k = 0; k < 3; k++) expect(out.pixels[p * 3 + k]).toBe(flatten(rgba.data[p * 4 + k], a, bg[k]));
    }
  });

  it('flattens then takes BT.601 luma for grayscale models', async () => {
    const out = await preprocessImage(await encodeImage(rgba, 'png'), pre({ channels: 1, background: bg }));
    for (let p = 0; p < 48; p++) {
      const [r, g, b] = [0, 1, 2].map((k) => flatten(rgba.data[p * 4 + k], rgba.data[p * 4 + 3], bg[k]));
      expect(out.pixels[p]).toBe(luma(r, g, b));
    }
  });

  it('keeps alpha for RGBA models and adds opaque alpha to RGB input', async () => {
    const kept = await preprocessImage(await encodeImage(rgba, 'png'), pre({ channels: 4 }));
    expect([...kept.pixels]).toEqual([...rgba.data]);
    const card = testCard(8, 6);
    const added = await preprocessImage(await encodeImage(card, 'png'), pre({ channels: 4 }));
    for (let p = 0; p < 48; p++)
      expect([...added.pixels.subarray(p * 4, p * 4 + 4)]).toEqual([...card.data.subarray(p * 3, p * 3 + 3), 255]);
  });

  it('replicates grayscale into RGB and reads grey+alpha', async () => {
    const grey: RawImage = { data: Uint8Array.from({ length: 48 }, (_, i) => i * 5), width: 8, height: 6, channels: 1 };
    const rgb = await preprocessImage(await encodeImage(grey, 'png'), pre());
    expect(rgb.source.mode).toBe('grayscale');
    for (let p = 0; p < 48; p++) expect([...rgb.pixels.subarray(p * 3, p * 3 + 3)]).toEqual([p * 5, p * 5, p * 5]);
    const ga: RawImage = {
      data: Uint8Array.from({ length: 96 }, (_, i) => (i % 2 ? 128 : i * 2)),
      width: 8,
      height: 6,
      channels: 2,
    };
    const out = await preprocessImage(await encodeImage(ga, 'png'), pre({ channels: 1, background: [0, 0, 0] }));
    expect(out.source.mode).toBe('grayscale+alpha');
    for (let p = 0; p < 48; p++) expect(out.pixels[p]).toBe(flatten(p * 4, 128, 0));
  });

  it('expands palette PNGs to their colours', async () => {
    const colours = [
      [255, 0, 0],
      [0, 0, 255],
      [30, 160, 90],
      [255, 255, 255],
    ];
    const data = Uint8Array.from({ length: 48 * 3 }, (_, i) => colours[Math.floor(i / 3) % 4][i % 3]);
    const png = await sharp(data, { raw: { width: 8, height: 6, channels: 3 } })
      .png({ palette: true, colours: 4, dither: 0 })
      .toBuffer();
    expect((await sharp(png).metadata()).isPalette).toBe(true);
    const out = await preprocessImage(png, pre());
    expect([...out.pixels]).toEqual([...data]);
    const grey = await preprocessImage(png, pre({ channels: 1 }));
    expect(grey.pixels[2]).toBe(luma(30, 160, 90));
  });
});

describe('preprocessImage: resizing', () => {
  it('nearest doubles each pixel when upscaling 2×', async () => {
    const img: RawImage = { data: new Uint8Array([0, 100, 200, 50]), width: 2, height: 2, channels: 1 };
    const out = await preprocessImage(await encodeImage(img, 'png'), pre({ height: 4, width: 4, channels: 1 }));
    expect([...out.pixels]).toEqual([0, 0, 100, 100, 0, 0, 100, 100, 200, 200, 50, 50, 200, 200, 50, 50]);
  });

  it('area averages whole and partial pixels by coverage', async () => {
    const img: RawImage = {
      data: Uint8Array.from([0, 30, 60, 90, 120, 150, 180, 210, 240]),
      width: 3,
      height: 3,
      channels: 1,
    };
    const png = await encodeImage(img, 'png');
    const out = await preprocessImage(png, pre({ height: 2, width: 2, channels: 1, interpolation: 'area' }));
    // Output pixel (0,0) covers source [0,1.5)²: weights 1, .5 / .5, .25 over (1.5)².
    const w = (a: number, b: number, c: number, d: number): number =>
      Math.round((a + 0.5 * b + 0.5 * c + 0.25 * d) / 2.25);
    expect([...out.pixels]).toEqual([
      w(0, 30, 90, 120),
      w(60, 30, 150, 120),
      w(180, 90, 210, 120),
      w(240, 210, 150, 120),
    ]);
    const four: RawImage = {
      data: Uint8Array.from({ length: 16 }, (_, i) => i * 10),
      width: 4,
      height: 4,
      channels: 1,
    };
    const half = await preprocessImage(
      await encodeImage(four, 'png'),
      pre({ height: 2, width: 2, channels: 1, interpolation: 'area' }),
    );
    expect([...half.pixels]).toEqual([25, 45, 105, 125]);
  });

  it.each(['bilinear', 'bicubic', 'lanczos3', 'area'] as const)(
    '%s keeps a flat image flat and fills the target size',
    async (interpolation) => {
      const flat: RawImage = { data: new Uint8Array(10 * 7 * 3).fill(77), width: 10, height: 7, channels: 3 };
      const png = await encodeImage(flat, 'png');
      for (const [h, w] of [
        [3, 4],
        [20, 15],
      ]) {
        const out = await preprocessImage(png, pre({ height: h, width: w, interpolation }));
        expect(out.pixels.length).toBe(h * w * 3);
        expect(out.pixels.every((v) => v === 77)).toBe(true);
      }
    },
  );

  it('does not bleed the colour of transparent pixels into the result', async () => {
    // Left half opaque white, right half fully transparent *red*: flattened over black, red must not appear.
    const data = new Uint8Array(8 * 8 * 4);
    for (let p = 0; p < 64; p++) data.set(p % 8 < 4 ? [255, 255, 255, 255] : [255, 0, 0, 0], p * 4);
    const png = await encodeImage({ data, width: 8, height: 8, channels: 4 }, 'png');
    for (const interpolation of ['bilinear', 'bicubic', 'lanczos3', 'area'] as const) {
      const out = await preprocessImage(png, pre({ height: 3, width: 3, interpolation, background: [0, 0, 0] }));
      for (let p = 0; p < 9; p++) expect(out.pixels[p * 3]).toBe(out.pixels[p * 3 + 1]);
    }
  });
});

describe('preprocessImage: bad input', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await makeTempDir('decode')));
  afterAll(() => cleanup());

  it('names the reason a file cannot be used', async () => {
    const png = await encodeImage(testCard(8, 6), 'png');
    const jpeg = await encodeImage(testCard(32, 32), 'jpeg');
    const webp = await encodeImage(testCard(8, 6), 'webp');
    const gif = await encodeImage(
      { data: new Uint8Array(64 * 64).map((_, i) => (i % 7) * 30), width: 64, height: 64, channels: 1 },
      'gif',
    );
    expect(await reason(preprocessImage(new Uint8Array(0), pre()))).toBe('empty');
    expect(await reason(preprocessImage(Buffer.from('just some text, not pixels'), pre()))).toBe('not-an-image');
    expect(await reason(preprocessImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), pre()))).toBe(
      'unsupported-format',
    );
    const avif = Buffer.from([0, 0, 0, 0x1c, ...Buffer.from('ftypavif'), 0, 0, 0, 0]);
    expect(await reason(preprocessImage(avif, pre()))).toBe('unsupported-format');
    for (const bytes of [png, jpeg, webp, gif])
      expect(await reason(preprocessImage(bytes.subarray(0, Math.floor(bytes.length * 0.6)), pre()))).toBe('truncated');
    const corrupt = Buffer.from(png);
    for (let i = 60; i < corrupt.length - 20; i++) corrupt[i] ^= 0xa5; // IDAT garbage, chunk structure intact
    expect(await reason(preprocessImage(corrupt, pre()))).toBe('unreadable');
    expect(await reason(preprocessImage(path.join(dir, 'missing.png'), pre()))).toBe('unreadable');
  });

  it('reads a file by path whatever its extension says', async () => {
    const file = path.join(dir, 'photo.png');
    await writeFile(file, await encodeImage(testCard(8, 6), 'jpeg'));
    expect((await preprocessImage(file, pre())).source.format).toBe('jpeg');
  });

  it('rejects invalid preprocessing with a DatasetError', async () => {
    await expect(preprocessImage(new Uint8Array(1), { height: 0, width: 8, channels: 3 })).rejects.toBeInstanceOf(
      DatasetError,
    );
    await expect(preprocessImage(new Uint8Array(1), { height: 8, width: 8, channels: 2 as 3 })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
    });
  });
});

describe('toFloat32', () => {
  it('scales to [0, 1] as x / 255', () => {
    expect([...toFloat32(new Uint8Array([0, 51, 255]))]).toEqual([0, Math.fround(51 / 255), 1]);
    const out = new Float32Array(5);
    toFloat32(new Uint8Array([255, 255]), out, 2);
    expect([...out]).toEqual([0, 0, 1, 1, 0]);
  });
});
