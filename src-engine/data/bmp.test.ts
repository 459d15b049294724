import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeBmp } from './bmp';
import { ImageReadError } from './errors';
import { CPYTHON_BMP_BASE64, CPYTHON_PNG_BASE64 } from './testing/cpython-bmp-fixture';
import { toMaskBits, writeBmp, type BmpWriteOptions } from './testing/bmp-writer';

const W = 5; // odd width: exercises row padding at every bit depth
const H = 3;

/** A 5×3 RGBA image with distinct colours and varied alpha. */
function sourceRgba(): Uint8Array {
  const px = new Uint8Array(W * H * 4);
  for (let p = 0; p < W * H; p++)
    px.set([(p * 37) % 256, (p * 91 + 13) % 256, (255 - p * 17) % 256, 40 + p * 13], p * 4);
  return px;
}

const expand = (v: number, mask: number): number => {
  let s = 0;
  while (((mask >>> s) & 1) === 0) s++;
  const max = mask >>> s;
  return Math.round((toMaskBits(v, mask) * 255) / max);
};

function expectReason(f: () => unknown, reason: string): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ImageReadError);
    expect((e as ImageReadError).reason).toBe(reason);
    return;
  }
  throw new Error(`expected an ImageReadError (${reason})`);
}

describe('decodeBmp', () => {
  it(
    'matches an independently encoded BMP (CPython test ' + 'data, V5 32-bit bit fields with alpha) against its PNG',
    async () => {
      const bmp = decodeBmp(Buffer.from(CPYTHON_BMP_BASE64, 'base64'));
      const png = await sharp(Buffer.from(CPYTHON_PNG_BASE64, 'base64')).ensureAlpha().raw().toBuffer();
      expect([bmp.width, bmp.height, bmp.channels]).toEqual([16, 16, 4]);
      let opaque = 0;
      for (let p = 0; p < 256; p++) {
        expect(bmp.data[p * 4 + 3]).toBe(png[p * 4 + 3]);
        if (png[p * 4 + 3] === 0) continue; // colour under full transparency is arbitrary
        opaque++;
        expect([...bmp.data.subarray(p * 4, p * 4 + 3)]).toEqual([...png.subarray(p * 4, p * 4 + 3)]);
      }
      expect(opaque).toBeGreaterThan(100);
    },
  );

  it('reads a hand-assembled 2×2 24-bit bottom-up BMP', () => {
    // Rows are stored bottom row first, each pixel B,G,R, each row padded to 4 bytes (6 + 2).
    const header = [0x42, 0x4d, 70, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 1, 0, 24, 0];
    const bytes = new Uint8Array(70);
    bytes.set(header);
    bytes.set([0, 0, 255, 0, 255, 0, 0, 0], 54); // bottom row: red, green
    bytes.set([255, 0, 0, 255, 255, 255, 0, 0], 62); // top row: blue, white
    const img = decodeBmp(bytes);
    expect(img.channels).toBe(3);
    expect([...img.data]).toEqual([0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 255, 0]);
  });

  const direct: Array<[string, BmpWriteOptions, boolean]> = [
    ['24-bit bottom-up', { bpp: 24 }, false],
    ['24-bit top-down', { bpp: 24, topDown: true }, false],
    ['32-bit BI_RGB (4th byte unused)', { bpp: 32 }, false],
    ['16-bit BI_RGB 5-5-5', { bpp: 16 }, false],
    ['16-bit BI_BITFIELDS 5-6-5', { bpp: 16, compression: 3, masks: [0xf800, 0x07e0, 0x001f, 0] }, false],
    ['16-bit BI_ALPHABITFIELDS 1-5-5-5', { bpp: 16, compression: 6, masks: [0x7c00, 0x03e0, 0x001f, 0x8000] }, true],
    ['32-bit BI_BITFIELDS, info header', { bpp: 32, compression: 3, masks: [0xff0000, 0xff00, 0xff, 0] }, false],
    [
      '32-bit BI_BITFIELDS RGBA, V4 header, top-down',
      { bpp: 32, header: 'v4', compression: 3, topDown: true, masks: [0xff, 0xff00, 0xff0000, 0xff000000] },
      true,
    ],
    [
      '32-bit BI_BITFIELDS 10-10-10 V5',
      { bpp: 32, header: 'v5', compression: 3, masks: [0x3ff00000, 0xffc00, 0x3ff, 0] },
      false,
    ],
    ['32-bit BI_RGB with alpha mask, V5', { bpp: 32, header: 'v5', masks: [0xff0000, 0xff00, 0xff, 0xff000000] }, true],
  ];
  it.each(direct)('round-trips %s', (_name, o, alpha) => {
    const src = sourceRgba();
    const img = decodeBmp(writeBmp(W, H, src, o));
    expect([img.width, img.height, img.channels]).toEqual([W, H, alpha ? 4 : 3]);
    const masks = o.masks ?? (o.bpp === 16 ? [0x7c00, 0x3e0, 0x1f, 0] : [0xff0000, 0xff00, 0xff, 0]);
    for (let p = 0; p < W * H; p++) {
      for (let k = 0; k < img.channels; k++) {
        const v = src[p * 4 + k];
        const want = o.bpp === 24 ? v : expand(v, masks[k]); // 8-bit masks expand to v itself
        expect(img.data[p * img.channels + k]).toBe(want);
      }
    }
  });

  const colours: Array<[number, number, number]> = [
    [255, 0, 0],
    [0, 128, 255],
    [10, 200, 30],
    [250, 250, 0],
  ];
  it.each([
    [1, 'info'],
    [4, 'info'],
    [8, 'info'],
    [8, 'core'],
    [4, 'v5'],
  ] as const)('reads %i-bit palette images (%s header)', (bpp, header) => {
    const palette = bpp === 1 ? colours.slice(0, 2) : colours;
    const indices = Uint8Array.from({ length: W * H }, (_, p) => (p * 7 + 1) % palette.length);
    const img = decodeBmp(writeBmp(W, H, indices, { bpp, header, palette }));
    expect(img.channels).toBe(3);
    for (let p = 0; p < W * H; p++) expect([...img.data.subarray(p * 3, p * 3 + 3)]).toEqual(palette[indices[p]]);
  });

  it('decodes a grey palette to one channel', () => {
    const palette = Array.from({ length: 256 }, (_, i) => [i, i, i] as [number, number, number]);
    const indices = Uint8Array.from({ length: W * H }, (_, p) => p * 16);
    const img = decodeBmp(writeBmp(W, H, indices, { bpp: 8, palette }));
    expect(img.channels).toBe(1);
    expect([...img.data]).toEqual([...indices]);
  });

  it('treats an all-zero alpha byte as unused, as browsers do', () => {
    const src = sourceRgba();
    for (let p = 0; p < W * H; p++) src[p * 4 + 3] = 0;
    const img = decodeBmp(
      writeBmp(W, H, src, { bpp: 32, header: 'v5', compression: 3, masks: [0xff0000, 0xff00, 0xff, 0xff000000] }),
    );
    expect(img.channels).toBe(3);
    expect(img.data[0]).toBe(src[0]);
  });

  it('reports truncated, unsupported and corrupt files with a reason', () => {
    const good = writeBmp(W, H, sourceRgba(), { bpp: 24 });
    expectReason(() => decodeBmp(good.subarray(0, good.length - 10)), 'truncated');
    expectReason(() => decodeBmp(good.subarray(0, 20)), 'truncated');
    expectReason(
      () => decodeBmp(writeBmp(W, H, new Uint8Array(W * H), { bpp: 8, compression: 1, palette: colours })),
      'unsupported-format',
    );
    const wide = writeBmp(W, H, sourceRgba(), { bpp: 24 });
    new DataView(wide.buffer).setInt32(18, 0, true);
    expectReason(() => decodeBmp(wide), 'unreadable');
    const huge = writeBmp(W, H, sourceRgba(), { bpp: 24 });
    new DataView(huge.buffer).setInt32(18, 100_000, true);
    new DataView(huge.buffer).setInt32(22, 100_000, true);
    expectReason(() => decodeBmp(huge), 'unsupported-format');
  });
});
